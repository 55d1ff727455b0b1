import {
  closeSync,
  existsSync,
  fdatasyncSync,
  ftruncateSync,
  openSync,
  readSync,
  renameSync,
  fstatSync,
  writeSync,
} from 'node:fs';
import { readLines } from './lines.js';
import type { BatchResult } from './result.js';

/** What an output file already holds: each input line it answers, by number. */
export interface Answered {
  /** The id of each line answered, and whether it was answered or failed. */
  lines: Map<
    number,
    {
      /** The id the output gives the line. */
      id: string;
      /** Answered, or written as a failure. */
      ok: boolean;
    }
  >;
  /** Whether a last line cut short by a crash was found and removed (it is redone). */
  tornTail: boolean;
}

/** How a run treats an output file that exists. */
export interface OutputMode {
  /** Finish what a run left: answered lines are not sent again. */
  resume?: boolean | undefined;
  /** Send again only the lines that failed (their failures are taken out of the file first). */
  retryFailed?: boolean | undefined;
}

/** The longest result line read back; longer is not a file this tool wrote. */
const MAX_RESULT_BYTES = 256 * 1024 * 1024;

/**
 * Opens the output of a run. A new run refuses a file that exists (it would mix two runs); a
 * resumed one reads what is there first. A last line without its newline is a write a crash cut
 * short: it is cut off, and its input line is sent again. Any other line that is not a result
 * stops the run: the file is not one this tool wrote, and nothing in it is touched.
 */
export async function openOutput(
  file: string,
  mode: OutputMode,
): Promise<{ answered: Answered; write: (result: BatchResult) => void; close: () => void }> {
  const exists = existsSync(file);
  if (exists && !mode.resume && !mode.retryFailed) {
    throw new Error(
      `${file} exists: pass --resume to finish the run that wrote it, --retry-failed to redo its failures, or choose another -o (nothing was sent).`,
    );
  }
  if (!exists && mode.retryFailed) {
    throw new Error(
      `${file} does not exist: --retry-failed redoes the failures of a run's output.`,
    );
  }
  const answered: Answered = { lines: new Map(), tornTail: false };
  let failedLines = 0;
  if (exists) {
    answered.tornTail = cutTornTail(file);
    for await (const read of readLines(file, MAX_RESULT_BYTES)) {
      const result = 'text' in read ? parse(read.text) : undefined;
      if (!result) {
        throw new Error(
          `Line ${read.line} of ${file} is not a result of comput3 batch: is it the output of this input? (nothing was sent)`,
        );
      }
      answered.lines.set(result.line, { id: result.id, ok: result.ok });
      if (!result.ok) failedLines++;
    }
  }
  // Nothing is written, nor a file made, before the first result: a run refused for its
  // input leaves the output as it was (its failures included, with --retry-failed).
  let fd: number | undefined;
  let unsynced = 0;
  const open = () => {
    if (mode.retryFailed && failedLines) {
      // The failures leave the file before they are sent again: each line is answered once.
      const temporary = `${file}.${process.pid}.tmp`;
      keepAnswered(file, temporary);
      renameSync(temporary, file);
    }
    return openSync(file, 'a');
  };
  if (mode.retryFailed)
    for (const [line, { ok }] of answered.lines) if (!ok) answered.lines.delete(line);
  return {
    answered,
    // One write per line, appended: a crash leaves whole lines and at most one cut short.
    write(result) {
      fd ??= open();
      writeSync(fd, `${JSON.stringify(result)}\n`);
      if (++unsynced >= 256) {
        fdatasyncSync(fd);
        unsynced = 0;
      }
    },
    close() {
      if (fd === undefined) return;
      fdatasyncSync(fd);
      closeSync(fd);
    },
  };
}

function parse(text: string): BatchResult | undefined {
  try {
    const value = JSON.parse(text) as BatchResult;
    return typeof value === 'object' &&
      value !== null &&
      Number.isSafeInteger(value.line) &&
      value.line > 0 &&
      typeof value.id === 'string' &&
      typeof value.ok === 'boolean'
      ? value
      : undefined;
  } catch {
    return undefined;
  }
}

/** Copies the lines of `from` that are answers (not failures) to `to`, a block at a time. */
function keepAnswered(from: string, to: string): void {
  const input = openSync(from, 'r');
  const output = openSync(to, 'w');
  try {
    const block = Buffer.alloc(1024 * 1024);
    let pending: Buffer[] = [];
    for (let n = readSync(input, block); n > 0; n = readSync(input, block)) {
      let start = 0;
      for (
        let end = block.indexOf(10, start);
        end !== -1 && end < n;
        end = block.indexOf(10, start)
      ) {
        const line = Buffer.concat([...pending, block.subarray(start, end)]);
        pending = [];
        if (parse(line.toString('utf8'))?.ok) writeSync(output, Buffer.concat([line, NEWLINE]));
        start = end + 1;
      }
      pending.push(Buffer.from(block.subarray(start, n)));
    }
  } finally {
    closeSync(input);
    closeSync(output);
  }
}

const NEWLINE = Buffer.from('\n');

/** Cuts a last line that has no newline (a write a crash cut short); true when there was one. */
function cutTornTail(file: string): boolean {
  const fd = openSync(file, 'r+');
  try {
    const size = fstatSync(fd).size;
    if (!size) return false;
    const block = Buffer.alloc(64 * 1024);
    // From the end back to the last newline, a block at a time.
    for (let end = size; end > 0;) {
      const start = Math.max(0, end - block.length);
      const n = readSync(fd, block, 0, end - start, start);
      const last = block.subarray(0, n).lastIndexOf(10);
      if (end === size && last === n - 1) return false; // ends with its newline: whole
      if (last !== -1) {
        ftruncateSync(fd, start + last + 1);
        return true;
      }
      end = start;
    }
    ftruncateSync(fd, 0);
    return true;
  } finally {
    closeSync(fd);
  }
}
