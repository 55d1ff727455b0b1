/**
 * `@comput3/batch/redis`: a batch spread over many machines. `enqueueBatch` queues a JSONL
 * file's lines on BullMQ; `createWorker` (or `comput3 worker`) answers them anywhere, every
 * worker on a key under one rate limit kept in Redis (`RedisLimiterStore`). Needs the optional
 * peers `bullmq` and `ioredis`.
 *
 * @module redis
 */
export {
  enqueueBatch,
  batchStatus,
  batchResults,
  cancelBatch,
  type EnqueueOptions,
  type BatchStatus,
  type LineJob,
  type RedisConnection,
} from './queue.js';
export { createWorker, type WorkerOptions, type BatchWorker } from './worker.js';
export { RedisLimiterStore } from './store.js';
