/**
 * A Server-Sent Events parser that follows the WHATWG rules: lines end in CRLF, LF or CR (a CR
 * at the end of one network chunk and an LF at the start of the next are one line end),
 * `:` starts a comment, `data:` lines join with "\n", a blank line dispatches the event, and a
 * blank line with no data dispatches nothing (keep-alives). Internal.
 *
 * Linear in what it is fed, however the server cuts it: each chunk is scanned once, and a line
 * that has not ended is kept as a list of pieces, joined only when it ends (openai-node's
 * `LineDecoder` does the same, with a scan index). The line and the event being built are
 * bounded by `maxSize` characters, so a server sending one endless line cannot make the client
 * hold it all: `push` then returns undefined.
 */
export interface ServerSentEvent {
  event: string;
  data: string;
}

const LF = 10;
const SPACE = 32;
const COLON = 58;

export class SSEParser {
  /** The line that has begun and not ended, in pieces that hold no line end. */
  #pieces: string[] = [];
  #size = 0;
  #skipLF = false;
  #data: string | undefined;
  #event = '';
  #over = false;

  /**
   * `lines`: the format is told by the first line that is not blank. One that starts with `{`
   * makes every line one event's data (NDJSON, as the `openai` package relays a stream).
   */
  constructor(
    readonly maxSize = Infinity,
    lines = false,
  ) {
    this.#ndjson = lines ? undefined : false;
  }
  #ndjson: boolean | undefined;

  /** True while a line or an event has begun and not ended: a body ending now broke off. */
  get pending(): boolean {
    return this.#size > 0 || this.#data !== undefined;
  }

  /** Feeds decoded text; returns the events it completed, or undefined past `maxSize`. */
  push(text: string): ServerSentEvent[] | undefined {
    const events: ServerSentEvent[] = [];
    let pos = 0;
    if (this.#skipLF) {
      this.#skipLF = false;
      if (text.charCodeAt(0) === LF) pos = 1;
    }
    let cr = text.indexOf('\r', pos);
    let lf = text.indexOf('\n', pos);
    for (;;) {
      // Each search starts where the last line ended, so no byte is scanned twice.
      if (cr !== -1 && cr < pos) cr = text.indexOf('\r', pos);
      if (lf !== -1 && lf < pos) lf = text.indexOf('\n', pos);
      let end: number;
      let next: number;
      if (cr !== -1 && (lf === -1 || cr < lf)) {
        end = cr;
        next = cr + 1;
        if (next === text.length) this.#skipLF = true;
        else if (text.charCodeAt(next) === LF) next++;
      } else if (lf !== -1) {
        end = lf;
        next = lf + 1;
      } else break;
      this.#line(this.#take(text, pos, end), events);
      pos = next;
      if (this.#over) return undefined;
    }
    if (pos < text.length) {
      this.#pieces.push(pos === 0 ? text : text.slice(pos));
      this.#size += text.length - pos;
      if (this.#size + (this.#data?.length ?? 0) > this.maxSize) this.#over = true;
    }
    return this.#over ? undefined : events;
  }

  /** The line ending at `end`: its earlier pieces and this chunk's part. */
  #take(text: string, start: number, end: number): string {
    const part = text.slice(start, end);
    if (this.#pieces.length === 0) return part;
    this.#pieces.push(part);
    const line = this.#pieces.join('');
    this.#pieces = [];
    this.#size = 0;
    return line;
  }

  #line(line: string, events: ServerSentEvent[]): void {
    if (this.#ndjson === undefined && line.trim()) this.#ndjson = line.trimStart()[0] === '{';
    if (this.#ndjson) {
      if (line.trim()) events.push({ event: 'message', data: line });
      return;
    }
    if (line === '') {
      if (this.#data !== undefined)
        events.push({ event: this.#event || 'message', data: this.#data });
      this.#data = undefined;
      this.#event = '';
      return;
    }
    if (line.charCodeAt(0) === COLON) return;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    const start =
      colon === -1 ? line.length : line.charCodeAt(colon + 1) === SPACE ? colon + 2 : colon + 1;
    const value = line.slice(start);
    if (field === 'data') {
      this.#data = this.#data === undefined ? value : `${this.#data}\n${value}`;
      // An event of many data lines is bounded too.
      if (this.#data.length > this.maxSize) this.#over = true;
    } else if (field === 'event') this.#event = value;
    // `id` and `retry` only matter to EventSource reconnection, which a POST stream cannot use.
  }
}
