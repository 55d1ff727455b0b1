import { setMaxListeners } from 'node:events';
import { Limiter, type Comput3, type RequestOptions } from '@comput3/core';
import { Worker, type Job } from 'bullmq';
import { answered, failed, worthAnotherAttempt, type BatchResult } from '../result.js';
import { DEFAULT_QUEUE, keysOf, record } from './keys.js';
import { redisOf, type LineJob, type RedisConnection } from './queue.js';
import { RedisLimiterStore } from './store.js';

/** The options of {@link createWorker}. */
export interface WorkerOptions {
  /** Where Redis is. */
  redis: RedisConnection;
  /** The client that sends each line (its key, base URL, retries). */
  client: Comput3;
  /** Lines this worker sends at once. Default 16. */
  concurrency?: number | undefined;
  /**
   * The limit every worker on the key shares, through Redis: most requests and tokens per
   * minute. Unset, the shared limiter learns the pace from the server's 429s, which pause
   * every worker at once.
   */
  requestsPerMinute?: number | undefined;
  /** Most tokens per minute, estimated per request, shared the same way. */
  tokensPerMinute?: number | undefined;
  /** Names the shared limit (one per API key). Default `comput3`. */
  limitKey?: string | undefined;
  /** The BullMQ queue (default `comput3-batch`). */
  queue?: string | undefined;
  /**
   * How long a line is held for a worker that stops answering, in ms, before another worker
   * takes it (BullMQ's lock). Default 30 s; a line being answered keeps its lock renewed.
   */
  lockDuration?: number | undefined;
  /** Per-request options for every line (a `fallback`, a `deadline`). */
  requestOptions?: RequestOptions | undefined;
  /** Told of each line this worker answered (or failed for good). */
  onLine?: ((line: { batch: string; line: number; ok: boolean }) => void) | undefined;
}

/** A running worker. */
export interface BatchWorker {
  /** The BullMQ worker, for its events. */
  readonly worker: Worker<LineJob>;
  /** Stops taking lines, waits for those under way, and lets go of Redis. */
  close(): Promise<void>;
}

/**
 * Takes lines of batches from BullMQ and answers them, keeping each result in Redis once: a
 * line whose worker died is taken by another after its lock runs out (BullMQ's stalled-job
 * check), and one already answered is not sent again. Every worker on a key shares one limiter
 * through Redis, so ten together stay under the key's limit and slow down together on a 429.
 */
export async function createWorker(options: WorkerOptions): Promise<BatchWorker> {
  const { redis, close } = redisOf(options.redis);
  const limiter = new Limiter({
    requestsPerMinute: options.requestsPerMinute,
    tokensPerMinute: options.tokensPerMinute,
    store: new RedisLimiterStore(redis),
    key: options.limitKey,
  });
  const client = options.client.withOptions({ limiter });
  const stop = new AbortController();
  setMaxListeners(0, stop.signal); // under every request in flight

  const answer = async (job: Job<LineJob>) => {
    const { batch, maxAttempts, fallback, ...item } = job.data;
    const { meta, results } = keysOf(batch);
    // Cancelled, or answered already by a worker that died before BullMQ heard of it.
    if ((await redis.hget(meta, 'status')) === 'cancelled') return;
    if (await redis.hexists(results, String(item.line))) return;
    const attempts = job.attemptsMade + 1;
    const started = performance.now();
    let result: BatchResult;
    try {
      const completion = await client.chat.completions.create(
        { ...item.request, stream: false },
        {
          ...options.requestOptions,
          ...(fallback?.length ? { fallback } : {}),
          signal: stop.signal,
        },
      );
      result = answered(item, completion, attempts);
    } catch (error) {
      if (stop.signal.aborted) throw error; // closing: the line stays for another worker
      // Thrown, BullMQ sends it again after its backoff; kept, it is done.
      if (attempts < maxAttempts && worthAnotherAttempt(error)) throw error;
      result = failed(item, error, attempts, Math.round(performance.now() - started));
    }
    if (await record(redis, batch, result))
      options.onLine?.({ batch, line: item.line, ok: result.ok });
  };

  const worker = new Worker<LineJob>(options.queue ?? DEFAULT_QUEUE, answer, {
    connection: redis,
    concurrency: options.concurrency ?? 16,
    lockDuration: options.lockDuration ?? 30_000,
    // Checked as often as a lock lasts: a dead worker's lines wait one lock, not two.
    stalledInterval: options.lockDuration ?? 30_000,
    maxStalledCount: 10,
  });
  // A connection error is retried by ioredis; BullMQ reports it here rather than throwing.
  worker.on('error', () => {});
  await worker.waitUntilReady();
  return {
    worker,
    async close() {
      await worker.close();
      stop.abort();
      await close();
    },
  };
}
