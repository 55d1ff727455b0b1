import {
  closeSync,
  constants,
  fstatSync,
  lstatSync,
  openSync,
  readdirSync,
  readSync,
  statSync,
  type Stats,
} from 'node:fs';
import { extname, join } from 'node:path';
import { CliError } from '../cli-error.js';

/** One file's limit, and all files' together: past these a prompt is a mistake, not a question. */
export const MAX_FILE_BYTES = 256 * 1024;
export const MAX_TOTAL_BYTES = 1024 * 1024;
/** Folders -f does not walk into: dependencies and build output are never what was meant. */
const SKIP_DIRS = new Set(['node_modules', 'dist', 'build', 'target', '__pycache__', 'vendor']);

export interface Attached {
  path: string;
  text: string;
}

/** Text, or undefined: a NUL byte anywhere, or bytes that are not UTF-8, mean a binary file. */
function asText(bytes: Buffer): string | undefined {
  if (bytes.includes(0)) return undefined;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

const kib = (n: number) => `${Math.round(n / 1024)} KiB`;

/** What a path that is neither a file nor a folder is, for the message that refuses it. */
function kindOf(stat: Stats): string {
  if (stat.isCharacterDevice()) return 'a character device';
  if (stat.isBlockDevice()) return 'a block device';
  if (stat.isFIFO()) return 'a named pipe';
  if (stat.isSocket()) return 'a socket';
  if (stat.isSymbolicLink()) return 'a link (not followed inside a folder)';
  return 'not a regular file';
}

/**
 * At most `limit + 1` bytes of a regular file, whatever its size says (files under /proc say
 * 0). Opened without blocking and checked again once open, so a file swapped for a pipe or a
 * device between the check and the read cannot hang or flood the CLI.
 */
function readUpTo(path: string, limit: number): Buffer | string {
  const fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) return kindOf(stat);
    const buffer = Buffer.alloc(limit + 1);
    let size = 0;
    for (
      let n;
      size < buffer.length && (n = readSync(fd, buffer, size, buffer.length - size, null));
    )
      size += n;
    return buffer.subarray(0, size);
  } finally {
    closeSync(fd);
  }
}

/**
 * Reads every -f PATH before anything is sent, checking each before reading it: a file named
 * outright must be a regular text file within the limit, else one line says which and why; a
 * folder takes the text files under it (hidden ones and dependency folders left out), and
 * what it skips (binaries, files over the limit, devices, pipes, links) is listed in `skipped`.
 */
export function readAttachments(paths: string[]): { files: Attached[]; skipped: string[] } {
  const files: Attached[] = [];
  const skipped: string[] = [];
  let total = 0;
  const tooLarge = (path: string, size: number, named: boolean) => {
    if (!named) return void skipped.push(`${path} (${kib(size)})`);
    throw new CliError(
      `-f ${path}: ${size > MAX_FILE_BYTES ? `${kib(size)} is` : 'it is'} over the ${kib(MAX_FILE_BYTES)} limit for a file. Send a part of it: head -c 200000 ${path} | comput3 "…"`,
    );
  };
  const add = (path: string, stat: Stats, named: boolean) => {
    if (!stat.isFile()) {
      if (!named) return void skipped.push(`${path} (${kindOf(stat)})`);
      throw new CliError(
        `-f ${path}: ${kindOf(stat)}, not a file; -f takes text files and folders.`,
      );
    }
    if (stat.size > MAX_FILE_BYTES) return tooLarge(path, stat.size, named);
    if (total + stat.size > MAX_TOTAL_BYTES) throw overTotal();
    const bytes = readUpTo(path, MAX_FILE_BYTES);
    if (typeof bytes === 'string') {
      if (!named) return void skipped.push(`${path} (${bytes})`);
      throw new CliError(`-f ${path}: ${bytes}, not a file; -f takes text files and folders.`);
    }
    if (bytes.length > MAX_FILE_BYTES) return tooLarge(path, bytes.length, named);
    const text = asText(bytes);
    if (text === undefined) {
      if (!named) return void skipped.push(`${path} (binary)`);
      throw new CliError(`-f ${path}: a binary file, not text; only text files can be sent.`);
    }
    total += bytes.length;
    if (total > MAX_TOTAL_BYTES) throw overTotal();
    files.push({ path, text });
  };
  const overTotal = () =>
    new CliError(
      `-f: the files come to more than ${kib(MAX_TOTAL_BYTES)} together. Name fewer files or a smaller folder.`,
    );
  const walk = (dir: string) => {
    const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) =>
      a.name.localeCompare(b.name),
    );
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!SKIP_DIRS.has(entry.name)) walk(path);
      } else add(path, lstatSync(path), false);
    }
  };
  for (const path of paths) {
    let stat;
    try {
      stat = statSync(path);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw new CliError(
        `-f ${path}: ${code === 'ENOENT' ? 'no such file or folder' : (code ?? 'cannot read it')}.`,
      );
    }
    try {
      if (stat.isDirectory()) walk(path);
      else add(path, stat, true);
    } catch (error) {
      if (error instanceof CliError) throw error;
      throw new CliError(
        `-f ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}.`,
      );
    }
  }
  if (paths.length && !files.length) {
    throw new CliError(`-f ${paths.join(' ')}: no text files to send there.`);
  }
  return { files, skipped };
}

/** A fence longer than any run of backticks in the text, so the text cannot close it. */
function fenceFor(text: string): string {
  let longest = 2;
  for (const run of text.match(/`+/g) ?? []) longest = Math.max(longest, run.length);
  return '`'.repeat(longest + 1);
}

/** The files as Markdown: each under its path as given, in a fence tagged with its extension. */
export function formatAttachments(files: Attached[]): string {
  return files
    .map(({ path, text }) => {
      const fence = fenceFor(text);
      const lang = extname(path).slice(1);
      return `### ${path}\n\n${fence}${lang}\n${text.replace(/\n$/, '')}\n${fence}`;
    })
    .join('\n\n');
}

/**
 * The tokens the files add, by the cl100k tokenizer: an estimate, as each model counts its own.
 * The mock's tokenizer, which carries that one encoding (the mock is a dependency already).
 */
export async function estimateTokens(text: string): Promise<number> {
  const { loadTokenizer } = await import('@comput3/mock/tokens');
  return (await loadTokenizer()).count(text);
}
