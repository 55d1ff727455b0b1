/**
 * The key taken out of bytes relayed unparsed (`toRawStream()`): a server that echoes the key (a
 * debugging gateway, a model asked to repeat its headers) would otherwise hand it to a client,
 * which decodes JSON escapes back, so `\u0073k-…` is the key too. Each character of a match may
 * be itself or its escape, whole or a character at a time, split across chunks anywhere: a chunk
 * that ends part-way into a match is held back until the next decides (an SSE chunk ends with a
 * blank line, so events are not delayed). The SDK's server entry installs it for its relays;
 * the mock scrubs what it records with it.
 */
import { MASK } from './text.js';

/** Takes a secret out of bytes as they pass, a chunk at a time. */
export interface Redactor {
  /** The chunk's bytes to pass on now. */
  push(chunk: Uint8Array): Uint8Array;
  /** What was held back at the end of the stream. */
  end(): Uint8Array | undefined;
}

/** Pieces of bytes as one array (the piece itself when there is one). */
function joinBytes(parts: Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0]!;
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

const BACKSLASH = 92;

/**
 * Where a match of `key` starting at `from` ends, reading each character as itself or its
 * escape: -1 when there is none, -2 when the text ran out part-way (the next chunk decides).
 * At most a few steps per character of the key, so a scan is linear in the text.
 */
function matchEnd(data: Uint8Array, from: number, key: Uint8Array): number {
  let at = from;
  for (const want of key) {
    if (at >= data.length) return -2;
    let c = data[at]!;
    let next = at + 1;
    if (c === BACKSLASH) {
      // `\/`, or `\uXXXX`: the character it stands for (NaN when it is no such escape).
      const e = data[at + 1];
      const end = e === 117 ? at + 6 : at + 2;
      if (end > data.length) return -2;
      c =
        e === 47
          ? 47
          : e === 117
            ? parseInt(String.fromCharCode(...data.subarray(at + 2, end)), 16)
            : c;
      if (c !== BACKSLASH) next = end;
    }
    if (c !== want) return -1;
    at = next;
  }
  return at;
}

/**
 * The places a match could begin, in order: the key's first byte, or a backslash. Each kind's
 * next position is remembered until passed, so a scan costs one native search per candidate.
 */
function candidates(data: Uint8Array, first: number) {
  const kinds = [first, BACKSLASH];
  const next = [-2, -2]; // -2: not searched yet; -1: none left
  return (from: number) => {
    let best = -1;
    for (const i of [0, 1]) {
      if (next[i] !== -1 && next[i]! < from) next[i] = data.indexOf(kinds[i]!, from);
      if (next[i] !== -1 && (best === -1 || next[i]! < best)) best = next[i]!;
    }
    return best;
  };
}

const encoder = new TextEncoder();
const MASK_BYTES = encoder.encode(MASK);

/** Each spelling of `secret` becomes MASK. The cost is a native `indexOf` per candidate. */
export function redactor(secret: string): Redactor {
  const key = encoder.encode(secret);
  let held: Uint8Array | undefined;
  return {
    push(chunk) {
      const data = held ? joinBytes([held, chunk]) : chunk;
      held = undefined;
      const next = candidates(data, key[0]!);
      const parts: Uint8Array[] = [];
      let kept = 0;
      let end = data.length;
      for (let at = next(0); at !== -1;) {
        const stop = matchEnd(data, at, key);
        if (stop === -2) {
          held = data.slice(at);
          end = at;
          break;
        }
        if (stop >= 0) {
          parts.push(data.subarray(kept, at), MASK_BYTES);
          kept = at = stop;
        } else at++;
        at = next(at);
      }
      if (!parts.length) return kept === 0 && end === data.length ? data : data.subarray(kept, end);
      parts.push(data.subarray(kept, end));
      return joinBytes(parts);
    },
    end() {
      const rest = held;
      held = undefined;
      return rest;
    },
  };
}
