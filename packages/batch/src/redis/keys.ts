import type { Redis } from 'ioredis';
import type { BatchResult } from '../result.js';

/** The BullMQ queue every batch's lines go through, unless another is named. */
export const DEFAULT_QUEUE = 'comput3-batch';

/** A batch's id: what `comput3 batch` prints and `status`, `results` and `cancel` take. */
const ID = /^b[a-z0-9]{6,40}$/;

export function newBatchId(): string {
  return `b${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
}

/** Checks an id given on the command line or to a function; one line when it is not one. */
export function checkBatchId(id: string): string {
  if (!ID.test(id)) {
    throw new Error(
      `"${id.slice(0, 60)}" is not a batch id: ids look like b${newBatchId().slice(1)}, as comput3 batch printed it.`,
    );
  }
  return id;
}

/**
 * A batch's keys: a hash of what it is and where it stands (total, done, failed, tokens,
 * status), and a hash of its results by input line.
 */
export const keysOf = (id: string) => ({
  meta: `comput3:batch:${id}`,
  results: `comput3:batch:${id}:results`,
});

// A result is kept once: the first write of a line wins, and only that one is counted. A line
// redone after its worker died (BullMQ's stalled-job check) finds its result and stops there.
const RECORD = `
if redis.call('HSETNX', KEYS[2], ARGV[1], ARGV[2]) == 0 then return 0 end
redis.call('HINCRBY', KEYS[1], 'done', 1)
if ARGV[3] == '0' then redis.call('HINCRBY', KEYS[1], 'failed', 1) end
redis.call('HINCRBY', KEYS[1], 'prompt_tokens', ARGV[4])
redis.call('HINCRBY', KEYS[1], 'completion_tokens', ARGV[5])
return 1
`;

/** Keeps a line's result unless one is kept already; true when this one was. */
export async function record(redis: Redis, id: string, result: BatchResult): Promise<boolean> {
  const { meta, results } = keysOf(id);
  const kept = await redis.eval(
    RECORD,
    2,
    meta,
    results,
    String(result.line),
    JSON.stringify(result),
    result.ok ? '1' : '0',
    String(result.usage?.prompt_tokens ?? 0),
    String(result.usage?.completion_tokens ?? 0),
  );
  return kept === 1;
}
