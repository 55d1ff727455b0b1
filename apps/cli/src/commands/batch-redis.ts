import type { InputOptions } from '@comput3/batch';
import type { BatchStatus } from '@comput3/batch/redis';
import { CliError } from '../cli-error.js';
import type { Options } from '../options.js';
import { count, tokens } from '../render/progress.js';
import { forName } from '../render/safe-output.js';

const out = (line: string) => void process.stdout.write(`${line}\n`);

/** `--redis URL` is what every Redis command needs; one line when it is missing or not one. */
function redisUrl(options: Options, what: string): string {
  const url = options.batch.redis;
  if (!url)
    throw new CliError(
      `${what} needs --redis URL, the Redis the batch is queued on (such as redis://localhost:6379).`,
    );
  if (!/^rediss?:\/\//.test(url))
    throw new CliError(
      `--redis must be a redis:// or rediss:// URL, got "${forName(url.slice(0, 80))}".`,
    );
  return url;
}

/** A Redis that cannot be reached is one line, not a stack (ioredis retries for ever otherwise). */
async function reachable(url: string): Promise<void> {
  // Named in Node's ESM loader; under `default` in the bundle's chunk (ioredis is CommonJS).
  const ioredis = await import('ioredis');
  const Redis = ioredis.Redis ?? (ioredis.default as unknown as typeof ioredis).Redis;
  const probe = new Redis(url, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  let cause: Error | undefined;
  probe.on('error', (error: Error) => (cause ??= error));
  try {
    await probe.connect();
    await probe.ping();
  } catch (error) {
    const why = (cause ?? (error as Error)).message.replace(/\.+$/, '');
    throw new CliError(
      `cannot reach Redis at ${forName(url.replace(/\/\/[^@/]*@/, '//***@'))}: ${forName(why)}. Is redis-server running there?`,
      5,
    );
  } finally {
    probe.disconnect();
  }
}

/** `comput3 batch FILE --redis URL`: the lines queued for workers; says how to follow them. */
export async function enqueue(file: string, input: InputOptions, options: Options): Promise<void> {
  const url = redisUrl(options, 'comput3 batch --redis');
  await reachable(url);
  const { enqueueBatch } = await import('@comput3/batch/redis');
  const { BatchInputError } = await import('@comput3/batch');
  try {
    const { id, total } = await enqueueBatch({
      redis: url,
      input: file,
      ...input,
      onBadLine: options.batch.onBadLine,
      maxAttempts: options.batch.maxAttempts,
      // -m a -m b --fallback: kept with the batch, so every worker moves from a to b.
      fallback: options.fallback ? options.models.slice(1) : undefined,
    });
    if (options.json) return out(JSON.stringify({ id, total }));
    out(id);
    process.stderr.write(
      `queued ${count(total)} lines as ${id}. Answer them with comput3 worker --redis URL (on any machine); follow with comput3 batch status ${id} --redis URL; collect with comput3 batch results ${id} --redis URL > out.jsonl\n`,
    );
  } catch (error) {
    if (error instanceof BatchInputError) throw new CliError(forName(error.message));
    throw error;
  }
}

/** `comput3 batch status|results|cancel JOB --redis URL`. */
export async function followBatch(
  action: 'status' | 'results' | 'cancel',
  job: string | undefined,
  options: Options,
): Promise<void> {
  if (!job)
    throw new CliError(
      `comput3 batch ${action} needs the batch's id, as comput3 batch --redis printed it.`,
    );
  const url = redisUrl(options, `comput3 batch ${action}`);
  await reachable(url);
  const redis = await import('@comput3/batch/redis');
  try {
    if (action === 'results') {
      for await (const result of redis.batchResults(url, job)) out(JSON.stringify(result));
      return;
    }
    const status =
      action === 'cancel' ? await redis.cancelBatch(url, job) : await redis.batchStatus(url, job);
    if (options.json) return out(JSON.stringify(status));
    out(describe(status));
  } catch (error) {
    const message = (error as Error).message;
    if (/^No batch |is not a batch id/.test(message)) throw new CliError(forName(message));
    throw error;
  }
}

function describe(s: BatchStatus): string {
  const share = s.total ? Math.floor((s.done / s.total) * 100) : 0;
  return `${s.id}  ${s.status}  ${count(s.done)}/${count(s.total)} (${share}%)  ${count(s.failed)} failed  ${tokens(s.tokens.prompt + s.tokens.completion)} tokens  from ${forName(s.input)}`;
}
