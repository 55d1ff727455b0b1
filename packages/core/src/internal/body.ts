import { InvalidResponseError } from '../errors.js';
import { cut } from './secrets.js';
import type { Exchange } from './exchange.js';
import type { Transport } from './transport.js';

// Decoding a whole body at once keeps no state between calls, so one decoder serves all.
const STREAMING = { stream: true };

/**
 * Reads a whole JSON body under the idle timeout, and at most `transport.maxResponseSize` bytes of it.
 * Anything but JSON, or JSON in which `problem` (a cheap check of what the spec promises) finds
 * something wrong, is an InvalidResponseError naming `shape` and the problem: never retried, as
 * the same request would get the same answer (and be paid for again).
 */
export async function readJson<T>(
  exchange: Exchange,
  transport: Transport,
  problem: (value: T) => string | undefined,
  shape: string,
): Promise<T> {
  const { status, headers } = exchange.response;
  const invalid = (why: string) => {
    exchange.disconnect();
    return new InvalidResponseError(
      transport.log.scrub(`${exchange.what} answered ${why}`),
      status,
    );
  };
  const tooLarge = () =>
    invalid(
      `${status} with a body over ${transport.maxResponseSize} bytes, the maxResponseSize option: raise it if such an answer is expected.`,
    );
  if (Number(headers.get('content-length')) > transport.maxResponseSize) throw tooLarge();
  // Decoded as it arrives (a character split between reads is held by the decoder).
  const decoder = new TextDecoder();
  let text = '';
  let size = 0;
  const reader = exchange.body?.getReader();
  while (reader) {
    const { done, value } = await exchange.read(reader);
    if (done) break;
    size += value.length;
    if (size > transport.maxResponseSize) throw tooLarge();
    text += decoder.decode(value, STREAMING);
  }
  exchange.stopWatching();
  text += decoder.decode();
  const type = headers.get('content-type') ?? '';
  let value: T;
  try {
    if (!type.includes('json')) throw new Error();
    value = JSON.parse(text) as T;
  } catch {
    const shown = cut(text, transport.log.scrub, 120);
    throw invalid(
      `${status} with ${type || 'no content type'} that is not valid JSON: ${JSON.stringify(shown)}`,
    );
  }
  const wrong = problem(value);
  if (wrong !== undefined) throw invalid(`JSON that is not ${shape}: ${wrong}.`);
  return value;
}
