import { setMaxListeners } from 'node:events';
import {
  APIError,
  Comput3ValidationError,
  Limiter,
  type Comput3,
  type RequestOptions,
} from '@comput3/core';
import { isBad, readItems, type BadLine, type BatchItem, type InputOptions } from './input.js';
import { openOutput, type OutputMode } from './output.js';
import {
  answered,
  badLineResult,
  failed,
  worthAnotherAttempt,
  type BatchResult,
} from './result.js';
import { Tally, type BatchProgress, type BatchSummary } from './tally.js';

/** The options of {@link runBatch}. */
export interface BatchOptions extends InputOptions, OutputMode {
  /** The client that sends each request (its retries, timeouts and key). */
  client: Comput3;
  /** The input: a JSONL file, a request (or a template's fields) per line. */
  input: string;
  /** The output: a JSONL file, a result per input line (see BatchResult). */
  output: string;
  /** Most requests in flight at once. Default 16; the limiter may learn a lower one. */
  concurrency?: number | undefined;
  /** Most requests started per minute (else learnt from the server's 429s). */
  requestsPerMinute?: number | undefined;
  /** Most tokens per minute, estimated per request. */
  tokensPerMinute?: number | undefined;
  /**
   * A limiter to share with other runs or processes (a Redis store from
   * `@comput3/batch/redis`); else one is made from the three settings above.
   */
  limiter?: Limiter | undefined;
  /** Results written in input order, not as they finish. */
  ordered?: boolean | undefined;
  /** Times a line is sent before its failure is written (the client's own retries are inside each). Default 3. */
  maxAttempts?: number | undefined;
  /**
   * A line that cannot be sent: `stop` (the default) refuses the input before anything is sent,
   * naming the lines; `skip` writes each as a failure (`bad_line`) and goes on.
   */
  onBadLine?: 'stop' | 'skip' | undefined;
  /** Per-request options for every line (a `fallback`, a `deadline`, headers). */
  requestOptions?: RequestOptions | undefined;
  /** Stops the run: requests in flight are cancelled and redone by `--resume`. */
  signal?: AbortSignal | undefined;
  /** Told after each line is written. */
  onProgress?: ((progress: BatchProgress) => void) | undefined;
}

/** The input has lines that cannot be sent, and `onBadLine` is `stop`: nothing was sent. */
export class BatchInputError extends Error {
  /** `'BatchInputError'`. */
  override name = 'BatchInputError';
  constructor(
    /** The bad lines, the first thousand of them. */
    readonly badLines: BadLine[],
    /** How many lines are bad in all. */
    readonly count: number,
    file: string,
  ) {
    const first = badLines[0]!;
    super(
      `${file}: ${count === 1 ? 'line' : `${count} lines, the first`} ${first.line} ${first.problem}. Fix ${count === 1 ? 'it' : 'them'}, or pass --on-bad-line skip to write ${count === 1 ? 'it' : 'them'} as failures and go on (nothing was sent).`,
    );
  }
}

const KEPT_BAD_LINES = 1000;

/**
 * Answers every line of a JSONL file, each once, into another: at the pace a limiter keeps (one
 * shared 429 slows every request), retrying what may succeed later, and resumable after a crash
 * at any point (`resume`): what the output holds is never sent again, a line cut short is
 * redone. Resolves with the run's summary.
 */
export async function runBatch(options: BatchOptions): Promise<BatchSummary> {
  const { input, output, signal } = options;
  const maxAttempts = options.maxAttempts ?? 3;
  const width = options.concurrency ?? 16;
  if (!Number.isSafeInteger(width) || width < 1) {
    throw new RangeError(`concurrency must be a whole number of 1 or more, got ${String(width)}.`);
  }
  if (!Number.isSafeInteger(maxAttempts) || maxAttempts < 1) {
    throw new RangeError(
      `maxAttempts must be a whole number of 1 or more, got ${String(maxAttempts)}.`,
    );
  }
  const out = await openOutput(output, options);
  try {
    // First pass: the count for progress, and every bad line before anything is sent.
    const bad: BadLine[] = [];
    let badCount = 0;
    let total = 0;
    for await (const item of readItems(input, options)) {
      total++;
      const done = out.answered.lines.get(item.line);
      if (!isBad(item) && done && done.id !== item.id) {
        throw new Error(
          `${output} answers line ${item.line} as id "${done.id}", but ${input} has id "${item.id}" there: the input changed since that run. Start a new output with -o (nothing was sent).`,
        );
      }
      if (isBad(item) && !done && badCount++ < KEPT_BAD_LINES) bad.push(item);
    }
    if (badCount && options.onBadLine !== 'skip') throw new BatchInputError(bad, badCount, input);

    const limiter =
      options.limiter ??
      new Limiter({
        concurrency: options.concurrency,
        requestsPerMinute: options.requestsPerMinute,
        tokensPerMinute: options.tokensPerMinute,
      });
    const client = options.client.withOptions({ limiter });
    const tally = new Tally(total, out.answered.lines.size, options.onProgress);
    const stop = new AbortController();
    // One signal under every request in flight, each of which listens to it.
    setMaxListeners(0, stop.signal);
    const leave = () => stop.abort(signal?.reason);
    signal?.addEventListener('abort', leave, { once: true });
    if (signal?.aborted) leave();

    // Results in input order when asked: held until the lines before them are written, and no
    // line taken more than `window` ahead of the last written (memory stays bounded).
    const order: number[] = [];
    const held = new Map<number, BatchResult>();
    let written = 0;
    const window = Math.max(256, width * 8);
    let roomWaiters: (() => void)[] = [];
    const write = (result: BatchResult) => {
      if (stop.signal.aborted) return; // its line is redone by --resume
      if (!options.ordered) {
        out.write(result);
        tally.add(result);
        return;
      }
      held.set(result.line, result);
      while (written < order.length && held.has(order[written]!)) {
        const next = held.get(order[written]!)!;
        held.delete(next.line);
        out.write(next);
        tally.add(next);
        written++;
      }
      for (const wake of roomWaiters.splice(0)) wake();
    };

    stop.signal.addEventListener('abort', () => {
      for (const wake of roomWaiters.splice(0)) wake();
      wakeAll();
    });
    const source = readItems(input, options);
    const retries: { item: BatchItem; attempts: number; at: number }[] = [];
    let inputDone = false;
    let busy = 0;
    let sleepers: (() => void)[] = [];
    const wakeAll = () => {
      for (const wake of sleepers.splice(0)) wake();
    };

    /** Milliseconds until the soonest retry is due (a loop: a spread of 100,000 would throw). */
    const soonest = () => {
      let at = Infinity;
      for (const r of retries) if (r.at < at) at = r.at;
      return at === Infinity ? 60_000 : at - Date.now();
    };
    /** Waits until a retry is due, a line is written or fails, or the run stops. */
    const nap = () =>
      new Promise<void>((resolve) => {
        const wake = () => {
          clearTimeout(timer);
          stop.signal.removeEventListener('abort', wake);
          resolve();
        };
        const timer = setTimeout(wake, Math.max(1, soonest()));
        stop.signal.addEventListener('abort', wake);
        sleepers.push(wake);
        roomWaiters.push(wake);
      });

    /** The next line to send: a retry that is due, else the next input line. */
    const take = async (): Promise<{ item: BatchItem; attempts: number } | undefined> => {
      for (;;) {
        if (stop.signal.aborted) return undefined;
        const due = retries.findIndex((r) => r.at <= Date.now());
        if (due !== -1) return retries.splice(due, 1)[0];
        if (!inputDone) {
          // In order, no line is taken too far ahead of the last written; the line holding the
          // others back may be a retry, so the wait ends when one is due too.
          if (options.ordered && order.length - written >= window) {
            await nap();
            continue;
          }
          const next = await source.next();
          if (next.done) {
            inputDone = true;
            continue;
          }
          const item = next.value;
          if (out.answered.lines.has(item.line)) continue;
          if (options.ordered) order.push(item.line);
          if (isBad(item)) {
            write(badLineResult(item, idOf(item)));
            continue;
          }
          return { item, attempts: 0 };
        }
        if (!retries.length && busy === 0) return undefined;
        // Retries wait for their time, or for a worker's failure to add one sooner.
        await nap();
      }
    };

    const work = async () => {
      for (let next = await take(); next; next = await take()) {
        const { item } = next;
        const attempts = next.attempts + 1;
        busy++;
        const started = performance.now();
        try {
          const completion = await client.chat.completions.create(
            { ...item.request, stream: false },
            { ...options.requestOptions, signal: stop.signal },
          );
          write(answered(item, completion, attempts));
        } catch (error) {
          if (stop.signal.aborted) return;
          if (attempts < maxAttempts && worthAnotherAttempt(error)) {
            retries.push({ item, attempts, at: Date.now() + retryDelay(error, attempts) });
            tally.retried();
          } else if (error instanceof Comput3ValidationError) {
            write(
              badLineResult(
                { line: item.line, problem: `is not a valid request: ${error.message}` },
                item.id,
              ),
            );
          } else {
            write(failed(item, error, attempts, Math.round(performance.now() - started)));
          }
        } finally {
          busy--;
          wakeAll();
        }
      }
    };

    try {
      await Promise.all(Array.from({ length: width }, work));
    } finally {
      signal?.removeEventListener('abort', leave);
      await source.return(undefined);
      roomWaiters = [];
      sleepers = [];
    }
    return tally.summary(output, badCount, stop.signal.aborted);
  } finally {
    out.close();
  }
}

const idOf = (bad: BadLine & { id?: string }) => bad.id ?? String(bad.line);

/** Later for each attempt: the server's Retry-After when it gave one, else 1, 2, 4… s (30 s at most). */
function retryDelay(error: unknown, attempts: number): number {
  if (error instanceof APIError) {
    const seconds = Number(error.headers.get('retry-after'));
    if (Number.isFinite(seconds) && seconds >= 0) return Math.min(seconds * 1000, 60_000);
  }
  return Math.min(1000 * 2 ** (attempts - 1), 30_000);
}
