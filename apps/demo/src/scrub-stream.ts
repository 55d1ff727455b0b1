/**
 * Takes a secret out of a byte stream as it passes: the relay forwards the API's bytes
 * unparsed, so an upstream that echoes the key (a debugging proxy, a broken gateway) would
 * otherwise hand it to the browser. Each occurrence becomes `[redacted]`, also when it is
 * split across chunks.
 *
 * The cost per chunk is one native `indexOf` over it. Bytes are held back only when a chunk
 * ends with the beginning of the secret, which an SSE chunk (ending in a blank line) never
 * does, so events are not delayed.
 */
export function scrubStream(secret: string): TransformStream<Uint8Array, Uint8Array> {
  const key = Buffer.from(secret);
  const mask = Buffer.from('[redacted]');
  let held: Buffer | undefined;
  return new TransformStream({
    transform(chunk, controller) {
      let data = held ? Buffer.concat([held, chunk]) : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
      held = undefined;
      if (data.indexOf(key) !== -1) data = replaceAll(data, key, mask);
      const keep = partialAtEnd(data, key);
      if (keep > 0) {
        held = Buffer.from(data.subarray(data.length - keep));
        data = data.subarray(0, data.length - keep);
      }
      if (data.length) controller.enqueue(data);
    },
    flush(controller) {
      if (held) controller.enqueue(held);
    },
  });
}

function replaceAll(data: Buffer, key: Buffer, mask: Buffer): Buffer {
  const parts: Buffer[] = [];
  let from = 0;
  for (let at = data.indexOf(key); at !== -1; at = data.indexOf(key, from)) {
    parts.push(data.subarray(from, at), mask);
    from = at + key.length;
  }
  parts.push(data.subarray(from));
  return Buffer.concat(parts);
}

/**
 * How many bytes at the end of `data` are the start of `key` (fewer than all of it): those
 * could become the key with the next chunk. Looks only at the last key.length - 1 bytes.
 */
export function partialAtEnd(data: Buffer, key: Buffer): number {
  const first = key[0]!;
  const start = Math.max(0, data.length - key.length + 1);
  for (let at = data.indexOf(first, start); at !== -1; at = data.indexOf(first, at + 1)) {
    const n = data.length - at;
    if (data.compare(key, 0, n, at) === 0) return n;
  }
  return 0;
}
