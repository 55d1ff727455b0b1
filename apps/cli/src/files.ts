import { readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import { CliError } from './cli-error.js';

/** One file's limit, and all files' together: past these a prompt is a mistake, not a question. */
export const MAX_FILE_BYTES = 256 * 1024;
export const MAX_TOTAL_BYTES = 1024 * 1024;
/** Folders -f does not walk into: dependencies and build output are never what was meant. */
const SKIP_DIRS = new Set(['node_modules', 'dist', 'build', 'target', '__pycache__', 'vendor']);

export interface Attached {
  path: string;
  text: string;
}

/** Text, or the reason it is not: a NUL byte or bytes that are not UTF-8 mean a binary file. */
function asText(bytes: Buffer): string | undefined {
  if (bytes.subarray(0, 8192).includes(0)) return undefined;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

const kib = (n: number) => `${Math.round(n / 1024)} KiB`;

/**
 * Reads every -f PATH before anything is sent. A file named outright must be text and within
 * the limit, else one line says which and why; a folder takes the text files under it (hidden
 * ones and dependency folders left out), skipping binaries, which are listed in `skipped`.
 */
export function readAttachments(paths: string[]): { files: Attached[]; skipped: string[] } {
  const files: Attached[] = [];
  const skipped: string[] = [];
  let total = 0;
  const add = (path: string, named: boolean) => {
    const bytes = readFileSync(path);
    if (bytes.length > MAX_FILE_BYTES) {
      if (!named) return void skipped.push(`${path} (${kib(bytes.length)})`);
      throw new CliError(
        `-f ${path}: ${kib(bytes.length)} is over the ${kib(MAX_FILE_BYTES)} limit for a file. Send a part of it: head -c 200000 ${path} | comput3 "…"`,
      );
    }
    const text = asText(bytes);
    if (text === undefined) {
      if (!named) return void skipped.push(`${path} (binary)`);
      throw new CliError(`-f ${path}: a binary file, not text; only text files can be sent.`);
    }
    total += bytes.length;
    if (total > MAX_TOTAL_BYTES) {
      throw new CliError(
        `-f: the files come to more than ${kib(MAX_TOTAL_BYTES)} together. Name fewer files or a smaller folder.`,
      );
    }
    files.push({ path, text });
  };
  const walk = (dir: string) => {
    const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) =>
      a.name.localeCompare(b.name),
    );
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!SKIP_DIRS.has(entry.name)) walk(path);
      } else if (entry.isFile()) add(path, false);
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
      else add(path, true);
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
  const longest = Math.max(2, ...(text.match(/`+/g) ?? []).map((run) => run.length));
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

/** The tokens the files add, by the cl100k tokenizer: an estimate, as each model counts its own. */
export async function estimateTokens(text: string): Promise<number> {
  const { countTokens } = await import('gpt-tokenizer/encoding/cl100k_base');
  return countTokens(text);
}
