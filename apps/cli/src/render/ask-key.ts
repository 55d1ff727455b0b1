/**
 * Reads one key from the terminal, for a yes/no question: one of `keys` (any case); Enter,
 * Escape and Ctrl-C are 'n' (Ctrl-C then stops the command, as anywhere).
 * Keys typed before the question was asked (type-ahead while an answer streamed) are dropped:
 * they were not an answer to it. Terminal input already waiting is delivered on the event
 * loop's next read, so what arrives within two turns of the loop is that.
 */
export function askKey(keys: string[]): Promise<string> {
  const input = process.stdin;
  return new Promise((resolve) => {
    let fresh = true;
    setImmediate(() => setImmediate(() => (fresh = false)));
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
      if (fresh) return;
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
  });
}
