"""Runs a command in a real pseudo-terminal, relaying our stdin to it and its output to our
stdout. Lets the tests drive `comput3 chat` the way a person at a terminal would."""
import fcntl
import os
import pty
import select
import struct
import sys
import termios

COLUMNS, ROWS = int(os.environ.get("PTY_COLUMNS", "100")), int(os.environ.get("PTY_ROWS", "40"))

pid, fd = pty.fork()
if pid == 0:
    # A terminal of a known size, as a person's would have (a new pty has 0 x 0).
    fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLUMNS, 0, 0))
    os.execvp(sys.argv[1], sys.argv[1:])

inputs = [fd, sys.stdin.fileno()]
while True:
    ready, _, _ = select.select(inputs, [], [])
    if fd in ready:
        try:
            data = os.read(fd, 65536)
        except OSError:
            break
        if not data:
            break
        os.write(sys.stdout.fileno(), data)
    if sys.stdin.fileno() in ready:
        data = os.read(sys.stdin.fileno(), 65536)
        if data:
            os.write(fd, data)
        else:
            inputs.remove(sys.stdin.fileno())

_, status = os.waitpid(pid, 0)
sys.exit(os.waitstatus_to_exitcode(status))
