import { MASK, redactor, scrubbed, scrubSecretLooking, textScrubber } from '@comput3/api/secrets';
import type { Interaction, RecordedEvent } from './format.js';

/**
 * What keeps secrets out of a cassette, with the SDK's own secret module (`@comput3/api/secrets`):
 * the key the request was sent with (and any other given) in every spelling a body can hold it
 * (as it is, JSON-escaped, split between network chunks), then split between a stream's events
 * (a model made to repeat it a few characters at a time), and anything that looks like a
 * credential. A cassette that would still hold a key is not written.
 */
export interface Scrubber {
  /** Raw bytes of a body, as they came: every spelling of every secret masked. */
  bytes(chunks: Uint8Array[]): string;
  /** Text kept (a header, a message): secrets and anything credential-like masked. */
  text(value: string): string;
  /** JSON kept: every string in it, keys included, as `text`. */
  json(value: unknown): unknown;
  /** A stream's events: a secret spread over several events' text masked too. */
  events(events: RecordedEvent[]): RecordedEvent[];
  /** Throws when a recording about to be written still holds a secret, in any spelling. */
  check(file: string, recording: Interaction): void;
}

export function scrubber(secrets: readonly string[]): Scrubber {
  const keys = [...new Set(secrets)].filter((key) => key.length >= 6);
  const plain = keys.map(textScrubber);
  const text = (value: string) => scrubSecretLooking(plain.reduce((t, scrub) => scrub(t), value));
  const decoder = new TextDecoder();
  const bytes = (chunks: Uint8Array[]) => {
    let parts = chunks;
    for (const key of keys) {
      const redact = redactor(key);
      parts = [...parts.map((chunk) => redact.push(chunk)), redact.end() ?? new Uint8Array()];
    }
    return parts.map((part) => decoder.decode(part, { stream: true })).join('') + decoder.decode();
  };
  return {
    bytes,
    text,
    json: (value) => scrubbed(value, text),
    events: (events) => (keys.length ? acrossEvents(events, keys) : events),
    check(file, recording) {
      const written = new TextEncoder().encode(JSON.stringify(recording));
      if (keys.length && bytes([written]) !== decoder.decode(written)) {
        throw new Error(
          `${file} was not written: it would hold the API key even after scrubbing. Report this; the recording is dropped.`,
        );
      }
    },
  };
}

/** The text fields of a stream chunk that are joined across events into the answer. */
const JOINED = ['content', 'reasoning_content', 'reasoning'] as const;

/**
 * A secret split between events: each choice's text (content, reasoning, each tool call's
 * arguments) is joined as a client joins it; where a secret is found in the join, the pieces
 * that hold it are cut, and MASK put where it began.
 */
function acrossEvents(events: RecordedEvent[], keys: string[]): RecordedEvent[] {
  // Every piece of joined text, by the text it belongs to: "0.content", "0.tool.1", …
  const streams = new Map<string, { delta: Record<string, unknown>; field: string }[]>();
  for (const event of events) {
    if (!('data' in event)) continue;
    const choices = (event.data as { choices?: unknown } | null)?.choices;
    if (!Array.isArray(choices)) continue;
    for (const choice of choices) {
      const delta = (choice as { delta?: unknown } | null)?.delta;
      const index = (choice as { index?: unknown }).index;
      if (typeof delta !== 'object' || delta === null) continue;
      const pieces = (name: string) => {
        const at = `${String(index)}.${name}`;
        let list = streams.get(at);
        if (!list) streams.set(at, (list = []));
        return list;
      };
      for (const field of JOINED) {
        if (typeof (delta as Record<string, unknown>)[field] === 'string')
          pieces(field).push({ delta: delta as Record<string, unknown>, field });
      }
      const calls = (delta as { tool_calls?: unknown }).tool_calls;
      for (const call of Array.isArray(calls) ? calls : []) {
        const fn = (call as { function?: unknown } | null)?.function;
        if (
          typeof fn === 'object' &&
          fn !== null &&
          typeof (fn as { arguments?: unknown }).arguments === 'string'
        )
          pieces(`tool.${String((call as { index?: unknown }).index)}`).push({
            delta: fn as Record<string, unknown>,
            field: 'arguments',
          });
      }
    }
  }
  for (const pieces of streams.values()) {
    const texts = pieces.map((p) => p.delta[p.field] as string);
    const joined = texts.join('');
    // Where each secret is in the joined text.
    const spans: [number, number][] = [];
    for (const key of keys) {
      for (let at = joined.indexOf(key); at !== -1; at = joined.indexOf(key, at + key.length))
        spans.push([at, at + key.length]);
    }
    if (!spans.length) continue;
    // One walk over the text and the spans in order: linear in both.
    spans.sort((a, b) => a[0] - b[0]);
    let offset = 0;
    let s = 0;
    for (const [n, piece] of pieces.entries()) {
      const text = texts[n]!;
      let out = '';
      for (let i = 0; i < text.length; i++) {
        const at = offset + i;
        while (s < spans.length && spans[s]![1] <= at) s++;
        const span = spans[s];
        if (!span || at < span[0]) out += text[i];
        else if (at === span[0]) out += MASK;
      }
      piece.delta[piece.field] = out;
      offset += text.length;
    }
  }
  return events;
}
