import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { isBad, readItems, type BadLine, type BatchItem, type InputOptions } from '../input.js';
import { badLineResult, type BatchResult } from '../result.js';
import { BatchInputError } from '../run.js';
import { checkBatchId, DEFAULT_QUEUE, keysOf, newBatchId, record } from './keys.js';

/** Where Redis is: a URL (`redis://host:6379/0`, `rediss://…`) or a client of your own. */
export type RedisConnection = string | Redis;

/** What a worker is given for one line: the batch, the line, and the request. */
export interface LineJob extends BatchItem {
  /** The batch's id. */
  batch: string;
  /** Times to send it before its failure is kept. */
  maxAttempts: number;
  /** Models to move to when the line's model fails before answering (the SDK's `fallback`). */
  fallback?: string[];
}

/** The options of {@link enqueueBatch}. */
export interface EnqueueOptions extends InputOptions {
  /** Where Redis is. */
  redis: RedisConnection;
  /** The JSONL input (see `runBatch`). */
  input: string;
  /** Times a line is sent before its failure is kept. Default 3. */
  maxAttempts?: number | undefined;
  /**
   * Models each line moves to, in order, when its model fails before answering (overloaded,
   * rate-limited, unreachable): kept with the batch, so every worker uses them.
   */
  fallback?: string[] | undefined;
  /** As in `runBatch`: `stop` (default) refuses an input with bad lines, before anything is queued. */
  onBadLine?: 'stop' | 'skip' | undefined;
  /** The BullMQ queue (default `comput3-batch`): workers must take from the same one. */
  queue?: string | undefined;
}

/** Where a batch on Redis stands. */
export interface BatchStatus {
  /** The batch's id. */
  id: string;
  /** `running` until every line has a result, then `done`; or `cancelled`. */
  status: 'running' | 'done' | 'cancelled';
  /** The input file it was queued from. */
  input: string;
  /** Its lines. */
  total: number;
  /** Lines with a result. */
  done: number;
  /** Results that are failures. */
  failed: number;
  /** Tokens so far. */
  tokens: {
    /** Prompt tokens. */
    prompt: number;
    /** Answer tokens. */
    completion: number;
  };
  /** When it was queued, as `Date.now()`. */
  createdAt: number;
}

/** A client for a connection: one of the caller's is used as it is (and left open). */
export function redisOf(connection: RedisConnection): { redis: Redis; close: () => Promise<void> } {
  if (typeof connection !== 'string') return { redis: connection, close: async () => {} };
  // BullMQ's workers block on their connection: it must retry for ever, not fail a command.
  const redis = new Redis(connection, { maxRetriesPerRequest: null, lazyConnect: false });
  return {
    redis,
    close: async () => {
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}

/**
 * Queues a JSONL file's lines on BullMQ, a job per line, for workers on any number of machines
 * (`createWorker`, `comput3 worker`). Bad lines are refused before anything is queued (or kept
 * as `bad_line` results with `onBadLine: 'skip'`). Each job's id is the batch's and its line's,
 * so queueing a line twice queues it once. Resolves with the batch's id.
 */
export async function enqueueBatch(options: EnqueueOptions): Promise<{
  /** The batch's id, for `batchStatus`, `batchResults` and `cancelBatch`. */
  id: string;
  /** Its lines. */
  total: number;
}> {
  const { redis, close } = redisOf(options.redis);
  const queue = new Queue<LineJob>(options.queue ?? DEFAULT_QUEUE, { connection: redis });
  try {
    const bad: BadLine[] = [];
    let badCount = 0;
    for await (const item of readItems(options.input, options))
      if (isBad(item) && badCount++ < 1000) bad.push(item);
    if (badCount && options.onBadLine !== 'skip')
      throw new BatchInputError(bad, badCount, options.input);

    const id = newBatchId();
    const { meta } = keysOf(id);
    const maxAttempts = options.maxAttempts ?? 3;
    let total = 0;
    await redis.hset(meta, {
      input: options.input,
      created: Date.now(),
      status: 'running',
      total: 0,
    });
    let jobs: { name: string; data: LineJob; opts: { jobId: string } }[] = [];
    const flush = async () => {
      if (!jobs.length) return;
      await queue.addBulk(
        jobs.map((job) => ({
          ...job,
          // A failure worth another attempt is thrown by the worker: BullMQ sends it again
          // after 1, 2, 4… s. The last attempt's failure is kept as a result, never thrown.
          opts: {
            ...job.opts,
            attempts: maxAttempts,
            backoff: { type: 'exponential', delay: 1000 },
            removeOnComplete: true,
            removeOnFail: true,
          },
        })),
      );
      jobs = [];
    };
    for await (const item of readItems(options.input, options)) {
      total++;
      if (isBad(item)) {
        await record(redis, id, badLineResult(item, String(item.line)));
        continue;
      }
      jobs.push({
        name: 'line',
        data: {
          ...item,
          batch: id,
          maxAttempts,
          ...(options.fallback?.length ? { fallback: options.fallback } : {}),
        },
        opts: { jobId: `${id}-${item.line}` },
      });
      if (jobs.length >= 500) await flush();
    }
    await flush();
    await redis.hset(meta, 'total', total);
    return { id, total };
  } finally {
    await queue.close();
    await close();
  }
}

/** Where a batch stands; throws when Redis has no batch of that id. */
export async function batchStatus(connection: RedisConnection, id: string): Promise<BatchStatus> {
  checkBatchId(id);
  const { redis, close } = redisOf(connection);
  try {
    const meta = await redis.hgetall(keysOf(id).meta);
    if (!meta.status)
      throw new Error(`No batch ${id} on this Redis: is it the one comput3 batch --redis used?`);
    const n = (name: string) => Number(meta[name] ?? 0);
    const total = n('total');
    const done = n('done');
    return {
      id,
      status:
        meta.status === 'cancelled' ? 'cancelled' : total && done >= total ? 'done' : 'running',
      input: meta.input ?? '',
      total,
      done,
      failed: n('failed'),
      tokens: { prompt: n('prompt_tokens'), completion: n('completion_tokens') },
      createdAt: n('created'),
    };
  } finally {
    await close();
  }
}

/** A batch's results so far, in input order, a page of Redis reads at a time. */
export async function* batchResults(
  connection: RedisConnection,
  id: string,
): AsyncGenerator<BatchResult> {
  checkBatchId(id);
  const { redis, close } = redisOf(connection);
  try {
    const key = keysOf(id).results;
    const lines = (await redis.hkeys(key)).map(Number).sort((a, b) => a - b);
    for (let at = 0; at < lines.length; at += 500) {
      const page = lines.slice(at, at + 500);
      const values = await redis.hmget(key, ...page.map(String));
      for (const value of values) if (value) yield JSON.parse(value) as BatchResult;
    }
  } finally {
    await close();
  }
}

/**
 * Cancels a batch: its waiting lines leave the queue, and a worker that takes one anyway sends
 * nothing. Lines being answered finish. Results so far are kept.
 */
export async function cancelBatch(
  connection: RedisConnection,
  id: string,
  options: { queue?: string } = {},
): Promise<BatchStatus> {
  const status = await batchStatus(connection, id);
  const { redis, close } = redisOf(connection);
  const queue = new Queue(options.queue ?? DEFAULT_QUEUE, { connection: redis });
  try {
    await redis.hset(keysOf(id).meta, 'status', 'cancelled');
    const answered = new Set((await redis.hkeys(keysOf(id).results)).map(Number));
    for (let line = 1; line <= status.total; line++) {
      if (!answered.has(line)) await queue.remove(`${id}-${line}`).catch(() => 0);
    }
  } finally {
    await queue.close();
    await close();
  }
  return batchStatus(connection, id);
}
