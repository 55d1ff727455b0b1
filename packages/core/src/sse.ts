/**
 * A Server-Sent Events parser that follows the WHATWG rules: lines end in CRLF, LF or CR (a CR
 * at the end of one network chunk and an LF at the start of the next are one line end),
 * `:` starts a comment, `data:` lines join with "\n", a blank line dispatches the event, and a
 * blank line with no data dispatches nothing (keep-alives). Internal.
 */
export interface ServerSentEvent {
  event: string;
  data: string;
}

const LF = 10;
const SPACE = 32;
const COLON = 58;

export class SSEParser {
  #rest = '';
  #skipLF = false;
  #data: string | undefined;
  #event = '';

  /** True while a line or an event has begun and not ended: a body ending now broke off. */
  get pending(): boolean {
    return this.#rest !== '' || this.#data !== undefined;
  }

  /** Feeds decoded text; returns the events it completed. */
  push(text: string): ServerSentEvent[] {
    const events: ServerSentEvent[] = [];
    const s = this.#rest ? this.#rest + text : text;
    let pos = 0;
    if (this.#skipLF) {
      this.#skipLF = false;
      if (s.charCodeAt(0) === LF) pos = 1;
    }
    let cr = s.indexOf('\r', pos);
    let lf = s.indexOf('\n', pos);
    while (pos < s.length) {
      if (cr !== -1 && cr < pos) cr = s.indexOf('\r', pos);
      if (lf !== -1 && lf < pos) lf = s.indexOf('\n', pos);
      let end: number;
      let next: number;
      if (cr !== -1 && (lf === -1 || cr < lf)) {
        end = cr;
        next = cr + 1;
        if (next === s.length) this.#skipLF = true;
        else if (s.charCodeAt(next) === LF) next++;
      } else if (lf !== -1) {
        end = lf;
        next = lf + 1;
      } else {
        break;
      }
      this.#line(s.slice(pos, end), events);
      pos = next;
    }
    this.#rest = pos === 0 ? s : s.slice(pos);
    return events;
  }

  #line(line: string, events: ServerSentEvent[]): void {
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
    if (field === 'data') this.#data = this.#data === undefined ? value : `${this.#data}\n${value}`;
    else if (field === 'event') this.#event = value;
    // `id` and `retry` only matter to EventSource reconnection, which a POST stream cannot use.
  }
}
