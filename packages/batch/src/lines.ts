import { createReadStream } from 'node:fs';

/** One line of a JSONL file, by its number (from 1); `tooLong` when it was cut off unread. */
export type Line = { line: number; text: string } | { line: number; tooLong: true };

/**
 * The lines of a file, each held whole only up to `maxBytes`: a longer one is skipped as it
 * streams past (reported, never held), so a file of one 4 GB line costs what 64 kB does. Blank
 * lines are passed over but counted, so numbers match an editor's. `\r\n` endings are taken.
 * A last line without its newline is returned like the others; the output reader, for which
 * such a line means a write cut short, checks `endsWithNewline` itself.
 */
export async function* readLines(file: string, maxBytes: number): AsyncGenerator<Line> {
  let pieces: Buffer[] = [];
  let size = 0;
  let tooLong = false;
  let line = 0;
  const finish = (): Line | undefined => {
    line++;
    const held = pieces;
    pieces = [];
    size = 0;
    if (tooLong) {
      tooLong = false;
      return { line, tooLong: true };
    }
    const text = Buffer.concat(held).toString('utf8').replace(/\r$/, '');
    return text.trim() ? { line, text } : undefined;
  };
  for await (const chunk of createReadStream(file) as AsyncIterable<Buffer>) {
    let from = 0;
    for (let end = chunk.indexOf(10); end !== -1; end = chunk.indexOf(10, from)) {
      take(chunk.subarray(from, end));
      const done = finish();
      if (done) yield done;
      from = end + 1;
    }
    take(chunk.subarray(from));
  }
  if (size || tooLong) {
    const done = finish();
    if (done) yield done;
  }

  function take(piece: Buffer) {
    if (tooLong || !piece.length) return;
    if (size + piece.length > maxBytes) {
      tooLong = true;
      pieces = [];
      size = 0;
      return;
    }
    pieces.push(piece);
    size += piece.length;
  }
}
