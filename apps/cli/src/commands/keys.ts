import { CliError, EXIT } from '../cli-error.js';
import type { Options } from '../options.js';

const out = (line = ''): void => void process.stdout.write(`${line}\n`);

/** Reads a line from the terminal without echoing it (the key must not land on screen). */
function readHidden(prompt: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const input = process.stdin;
    process.stderr.write(prompt);
    let value = '';
    input.setRawMode(true);
    input.resume();
    input.setEncoding('utf8');
    const onData = (text: string) => {
      for (const ch of text) {
        if (ch === '\r' || ch === '\n' || ch === '\u0004') {
          done();
          return resolve(value);
        }
        if (ch === '\u0003') {
          done();
          return reject(new CliError('Cancelled; no key stored.', 130));
        }
        if (ch === '\u007f' || ch === '\b') value = value.slice(0, -1);
        else value += ch;
      }
    };
    const done = () => {
      input.off('data', onData);
      input.setRawMode(false);
      input.pause();
      process.stderr.write('\n');
    };
    input.on('data', onData);
  });
}

async function readPipedKey(): Promise<string> {
  let text = '';
  for await (const part of process.stdin as AsyncIterable<Buffer>) text += part.toString('utf8');
  return text;
}

/**
 * `comput3 keys set|path|remove|status|token`. The key is never shown: `token` writes it only
 * into a pipe, for a program to read (`COMPUT3_API_KEY=$(comput3 keys token) node app.js`).
 */
export async function runKeys(options: Options): Promise<void> {
  const [action] = options.args;
  if (action === 'set') {
    const key = (
      process.stdin.isTTY ? await readHidden('Comput3 API key: ') : await readPipedKey()
    ).trim();
    if (!key) throw new CliError('No key given; nothing stored.');
    if (/\s/.test(key))
      throw new CliError('An API key has no spaces or line breaks; nothing stored.');
    const { storeKey } = await import('../storage/keys.js');
    const stored = await storeKey(key);
    out(`Saved the key to ${stored.where}${stored.note ? `: ${stored.note}` : ''}.`);
    if (process.env.COMPUT3_API_KEY)
      out('Note: COMPUT3_API_KEY is set and takes precedence over the stored key.');
    return;
  }
  const { findKey, keyStore, removeKey } = await import('../storage/keys.js');
  if (action === 'path') {
    // Where the key in use is; with none, where `keys set` would put one, and why there.
    const found = await findKey();
    if (found) return out(found.from);
    const store = await keyStore();
    out(store.where);
    if (store.why)
      process.stderr.write(
        `No key set yet; comput3 keys set would write this file: ${store.why}.\n`,
      );
    return;
  }
  if (action === 'remove') {
    const removed = await removeKey();
    return out(
      removed.length
        ? `Removed the key from ${removed.join(' and ')}.`
        : 'No stored key to remove.',
    );
  }
  if (action === 'token') {
    if (process.stdout.isTTY) {
      throw new CliError(
        'comput3 keys token writes the key for a program to read, never to the screen: pipe it, as in COMPUT3_API_KEY=$(comput3 keys token) node app.js',
      );
    }
    const found = await findKey();
    if (!found) throw new CliError('No key set: store one with comput3 keys set.', EXIT.auth);
    return out(found.key);
  }
  if (action === undefined || action === 'status') {
    const found = await findKey();
    return out(found ? `A key is set (${found.from}).` : 'No key set.');
  }
  throw new CliError(
    `Unknown keys action "${action}": use comput3 keys set, path, remove, status or token.`,
  );
}
