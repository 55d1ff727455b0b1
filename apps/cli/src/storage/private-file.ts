import { lstatSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { dirname, join } from 'node:path';
import { CliError, EXIT } from '../cli-error.js';

/**
 * Writes a file that may hold a secret (the key, a proxy password) so that nobody else can
 * read or redirect it:
 * - the folder must be a real folder of this user's that no one else may write to: in a
 *   folder another user can write, they could swap the file or plant a link to one of theirs;
 * - the file is written under a new name opened with O_EXCL (which never follows a link),
 *   0600 from the start, then renamed over the old one: a link planted at the file's name is
 *   replaced, never written through.
 */
export function writePrivateFile(path: string, text: string): void {
  const dir = dirname(path);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const stat = lstatSync(dir);
  const mine = process.getuid === undefined || stat.uid === process.getuid();
  if (!stat.isDirectory() || !mine || (stat.mode & 0o022) !== 0) {
    throw new CliError(
      `${dir} is ${!stat.isDirectory() ? 'a link, not a folder' : !mine ? 'not your folder' : 'writable by other users'}, so a secret written there could be read or swapped: use a folder of your own (chmod 700 ${dir}, or set XDG_CONFIG_HOME).`,
      EXIT.error,
    );
  }
  const temporary = join(dir, `.${randomBytes(6).toString('hex')}.tmp`);
  try {
    writeFileSync(temporary, text, { mode: 0o600, flag: 'wx' });
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}
