import type { ChatCompletionChunk, ChatCompletionRequest } from '@comput3/api';
import { APIUserAbortError } from '../errors.js';
import type { CallMetrics, Meter } from '../metrics.js';
import { send, type Call, type SendOptions } from '../request.js';
import { isRetryableError } from '../retry.js';
import { EventDecoder, type StreamSettings } from './events.js';
import type { Exchange } from './exchange.js';
import { chunkProblem } from './shape.js';
import { fail } from './validate.js';
import type { Transport } from './transport.js';

type Failed = NonNullable<CallMetrics['fallbacks']>;

/**
 * Hedging (the `hedge` request option, with `fallback`): the models race for the first token.
 * The first model is asked; when `afterMs` pass with no token from any model asked so far, the
 * next is asked too, and a model that fails before its token starts the next at once. The first
 * to send a token wins: the others are cancelled, and noted on the figures as such. A stream's
 * token is found by reading a copy of its body (`tee()`), so the stream the caller reads starts
 * from its first byte; an answer not streamed wins when it has arrived whole.
 *
 * Each model is asked once (a failure's retries would only slow the race); a failure the request
 * itself caused (a 400) ends the race, as every model would refuse it. The winner's model is
 * written into `call`, so that a stream's reconnection before its first token asks it again.
 */
export function hedged(
  params: ChatCompletionRequest,
  models: string[],
  afterMs: number,
  meter: Meter,
  failed: Failed,
): NonNullable<Call['open']> {
  return <T>(
    transport: Transport,
    call: Call,
    consume: (exchange: Exchange) => T | Promise<T>,
    options: SendOptions,
  ) =>
    new Promise<T>((resolve, reject) => {
      const stream = call.headers !== undefined; // a stream is asked for with its Accept header
      const racers: {
        model: string;
        stop: AbortController;
        exchange?: Exchange;
        /** Out of the race already: failed, and noted as such. */
        out?: boolean;
      }[] = [];
      const timers = new Set<ReturnType<typeof setTimeout>>();
      let settled = false;
      let running = 0;
      const end = (winner?: (typeof racers)[number]) => {
        settled = true;
        for (const timer of timers) clearTimeout(timer);
        for (const racer of racers) {
          if (racer === winner || racer.out) continue;
          racer.stop.abort();
          racer.exchange?.disconnect();
          if (winner) {
            const why = `cancelled: ${winner.model} sent its first token first (hedge after ${afterMs} ms)`;
            failed.push({ model: racer.model, error: new APIUserAbortError(why) });
          }
        }
      };
      const start = () => {
        if (settled || racers.length >= models.length) return;
        const model = models[racers.length]!;
        const racer = { model, stop: new AbortController() } as (typeof racers)[number];
        racers.push(racer);
        running++;
        const mine: Call = { ...call, body: JSON.stringify({ ...params, model }), open: undefined };
        // No token within afterMs: the next model is asked too.
        const timer = setTimeout(start, afterMs);
        timers.add(timer);
        const signal = options.signal
          ? AbortSignal.any([options.signal, racer.stop.signal])
          : racer.stop.signal;
        send(
          transport,
          mine,
          async (exchange) => {
            if (settled) throw new APIUserAbortError('cancelled: another model won the race');
            racer.exchange = exchange;
            const value = await consume(exchange);
            if (stream) await untilFirstToken(exchange, transport);
            return value;
          },
          { ...options, signal, budget: { used: 0, max: 0 } },
        ).then(
          (value) => {
            clearTimeout(timer);
            if (settled) return;
            end(racer);
            call.body = mine.body;
            meter.response = racer.exchange!.response;
            resolve(value);
          },
          (error: unknown) => {
            clearTimeout(timer);
            running--;
            if (settled) return;
            racer.out = true;
            failed.push({ model, error: error as Error });
            const more = racers.length < models.length;
            if (!isRetryableError(error) || (!more && !running)) {
              end();
              reject(error);
            } else if (more) {
              meter.listener?.fallback?.(models[racers.length]!, error as Error);
              start();
            }
          },
        );
      };
      start();
    });
}

/**
 * Reads a copy of a stream's body until its first token (of the answer, its reasoning or a tool
 * call), or its end: the body the caller gets is the other copy, untouched. Internal.
 */
async function untilFirstToken(exchange: Exchange, settings: StreamSettings): Promise<void> {
  const [copy, kept] = exchange.body!.tee();
  exchange.body = kept;
  const reader = copy.getReader();
  let token = false;
  const events = new EventDecoder<ChatCompletionChunk>(
    exchange,
    settings,
    chunkProblem,
    'a chat completion chunk',
    (chunk) => {
      const delta = chunk.choices[0]?.delta;
      if (delta?.content || delta?.tool_calls || delta?.reasoning_content || delta?.reasoning)
        token = true;
    },
    false,
  );
  try {
    while (!token && !events.done) {
      const { done, value } = await exchange.read(reader);
      if (done) break;
      events.push(value);
    }
  } finally {
    reader.cancel().catch(() => {});
  }
}

/** A hedge's time must be a whole number of milliseconds, 1 or more. */
export function checkHedge(ms: unknown): number {
  if (!Number.isSafeInteger(ms) || (ms as number) < 1)
    fail('options.hedge', 'must be a whole number of milliseconds of at least 1', ms);
  return ms as number;
}
