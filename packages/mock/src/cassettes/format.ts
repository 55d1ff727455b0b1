import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * A cassette: the exchanges one test had with the real API, recorded by the mock and served
 * back by it. One JSON file per cassette, written to be read in a pull request: the request's
 * body as it was sent (pretty), the response's status and the headers that mean something, and
 * its body: JSON, or a stream's events, one line each, with the milliseconds at which each came.
 */
export interface Cassette {
  /** The format's version. */
  comput3Cassette: 1;
  /** The exchanges, in the order they were recorded. */
  interactions: Interaction[];
}

/** One request and the answer it got. */
export interface Interaction {
  /** What was asked. */
  request: {
    /** `POST`, `GET`, … */
    method: string;
    /** After the base URL, e.g. `/chat/completions`. */
    path: string;
    /** The JSON body as sent (secrets scrubbed); absent for a request without one. */
    body?: unknown;
  };
  /** What it got. */
  response: {
    /** The HTTP status. */
    status: number;
    /** The headers worth keeping (see KEPT_HEADERS), secrets scrubbed. */
    headers: Record<string, string>;
    /** A body that is JSON, parsed (written back byte for byte: see `exact`). */
    body?: unknown;
    /** A body that is not JSON, or whose JSON would not be written back the same, as text. */
    text?: string;
    /** A stream: its events in order, each with the time it came (ms after the headers). */
    events?: RecordedEvent[];
  };
}

/**
 * One event of a stream. `data` when the event is one `data:` line whose JSON is written back
 * the same; else `raw`, the event's lines as they came.
 */
export type RecordedEvent =
  | {
      /** Milliseconds after the headers when it came. */
      ms: number;
      /** The event's JSON, parsed. */
      data: unknown;
    }
  | {
      /** Milliseconds after the headers when it came. */
      ms: number;
      /** The event's lines, as they came. */
      raw: string;
    };

/** Response headers a cassette keeps: what a client reads. Others (dates, cookies, hops) go. */
export const KEPT_HEADERS =
  /^(content-type|x-request-id|retry-after(-ms)?|x-should-retry|x-ratelimit-[a-z-]+|openai-[a-z-]+)$/;

/** JSON text that parses and is written back byte for byte: stored parsed, for the reader. */
export function exact(text: string): { value: unknown } | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return JSON.stringify(value) === text ? { value } : undefined;
  } catch {
    return undefined;
  }
}

/** The file of a cassette: its name made safe for a path (`weather agent` → `weather-agent.json`). */
export function cassetteFile(dir: string, name: string): string {
  // Cut first: what follows then runs over 120 characters at most, whatever the name.
  const safe = name
    .slice(0, 120)
    .normalize('NFKD')
    .replace(/[^\w.-]+/g, '-')
    .replace(/^[-.]+|-+$/g, '');
  if (!safe) throw new Error(`A cassette needs a name with letters or digits, got "${name}".`);
  return `${dir.replace(/\/+$/, '')}/${safe}.json`;
}

/** Reads a cassette; undefined when there is no file. A file that is not one is an error. */
export function readCassette(file: string): Cassette | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  const cassette = JSON.parse(text) as Partial<Cassette>;
  if (cassette.comput3Cassette !== 1 || !Array.isArray(cassette.interactions)) {
    throw new Error(`${file} is not a comput3 cassette (version 1): record it again.`);
  }
  return cassette as Cassette;
}

/** Each interaction's text as written, kept: a recording writes only the new one's afresh. */
const written = new WeakMap<Interaction, string>();

/**
 * Writes a cassette, whole, through a temporary file (a crash mid-write leaves the old one).
 * Pretty JSON, but a stream's events one per line: a diff shows which event changed. Each
 * interaction is encoded once and its text kept, so recording n interactions one by one encodes
 * each once, not the whole cassette n times.
 */
export function writeCassette(file: string, cassette: Cassette): void {
  const parts = cassette.interactions.map((interaction) => {
    let text = written.get(interaction);
    if (text === undefined) written.set(interaction, (text = encode(interaction, '    ')));
    return text;
  });
  const list = parts.length ? `[\n${parts.join(',\n')}\n  ]` : '[]';
  const text = JSON.stringify({ ...cassette, interactions: 0 }, null, 2).replace(
    /^ {2}"interactions": 0/m,
    () => `  "interactions": ${list}`,
  );
  mkdirSync(dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, `${text}\n`);
  renameSync(temporary, file);
}

/** One value as pretty JSON with every line indented by `indent`, a stream's events one a line. */
function encode(value: unknown, indent: string): string {
  const events: string[] = [];
  // A marker no recorded string holds by chance (a body could hold a fixed one on purpose).
  const mark = `comput3-events-${Math.random().toString(36).slice(2)}-`;
  const text = JSON.stringify(
    value,
    (key, value: unknown) => {
      if (key !== 'events' || !Array.isArray(value)) return value;
      events.push(value.map((e) => JSON.stringify(e)).join(',\n'));
      return `${mark}${events.length - 1}`;
    },
    2,
  );
  const marked = new RegExp(`^( *)"events": "${mark}(\\d+)"`, 'gm');
  return text
    .replace(marked, (_, inner: string, i: string) => {
      const lines = events[Number(i)]!;
      if (!lines) return `${inner}"events": []`;
      const each = lines.split('\n').map((line) => `${inner}  ${line}`);
      return `${inner}"events": [\n${each.join('\n')}\n${inner}]`;
    })
    .replace(/^/gm, indent);
}
