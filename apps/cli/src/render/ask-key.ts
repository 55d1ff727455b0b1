/**
 * Asks a yes/no question on the terminal and reads one key: one of `keys` (any case); Enter,
 * Escape and Ctrl-C are 'n' (Ctrl-C then stops the command, as anywhere). Keys typed before
 * the question (type-ahead while an answer streamed) are not an answer to it: the terminal's
 * waiting input is read and dropped first, and only then is the question shown (`show`), so
 * any key after it is seen counts.
 */
export function askKey(keys: string[], show: () => void): Promise<string> {
  const input = process.stdin;
  return new Promise((resolve) => {
    let asked = false;
    const wasRaw = input.isRaw;
    // A chat reads the terminal all along (it stays flowing); a prompt does not.
    const wasFlowing = input.readableFlowing === true;
    input.setRawMode(true);
    const done = (key: string) => {
      input.off('data', onData);
      input.setRawMode(wasRaw);
      if (!wasFlowing) input.pause();
      resolve(key);
    };
    const onData = (data: Buffer) => {
      if (!asked) return;
      const text = data.toString();
      if (text === '\u0003') {
        done('n');
        process.kill(process.pid, 'SIGINT');
        return;
      }
      if (text === '\r' || text === '\n' || text === '\u001b') return done('n');
      const key = text.toLowerCase();
      if (keys.includes(key)) done(key);
    };
    input.on('data', onData);
    input.resume();
    // Input already waiting is delivered on the event loop's next read: two turns, then ask.
    setImmediate(() =>
      setImmediate(() => {
        asked = true;
        show();
      }),
    );
  });
}
