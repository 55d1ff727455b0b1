const encoder = new TextEncoder();
const MASK = encoder.encode('[redacted]');

/**
 * Takes the API key out of bytes relayed to a client (`toRawStream()`): the relay forwards the
 * server's bytes unparsed, so a server that echoes the key (a debugging gateway, a model asked
 * to repeat its headers) would hand it to a browser. Each occurrence becomes `[redacted]`,
 * also when it is split across chunks.
 *
 * The cost is a native `indexOf` per occurrence of the key's first byte. Bytes are held back
 * only when a chunk ends with the start of the key, which an SSE chunk (ending in a blank
 * line) never does, so events are not delayed.
 */
export interface Redactor {
  /** The chunk's bytes to pass on now. */
  push(chunk: Uint8Array): Uint8Array;
  /** What was held back at the end of the stream. */
  end(): Uint8Array | undefined;
}

export function redactor(secret: string): Redactor {
  const key = encoder.encode(secret);
  let held: Uint8Array | undefined;
  return {
    push(chunk) {
      const data = held ? join([held, chunk]) : chunk;
      held = undefined;
      const parts: Uint8Array[] = [];
      let from = 0;
      let end = data.length;
      for (let at = data.indexOf(key[0]!); at !== -1; at = data.indexOf(key[0]!, at + 1)) {
        let i = 1;
        while (i < key.length && at + i < data.length && data[at + i] === key[i]) i++;
        if (i === key.length) {
          parts.push(data.subarray(from, at), MASK);
          from = at + key.length;
          at = from - 1;
        } else if (at + i === data.length) {
          // The chunk ends with the key's first i bytes: wait for the next one to decide.
          held = data.slice(at);
          end = at;
          break;
        }
      }
      if (!parts.length) return from === 0 && end === data.length ? data : data.subarray(from, end);
      parts.push(data.subarray(from, end));
      return join(parts);
    },
    end() {
      const rest = held;
      held = undefined;
      return rest;
    },
  };
}

function join(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
