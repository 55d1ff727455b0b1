import { CliError, EXIT } from '../cli-error.js';
import { connect } from '../connect.js';
import type { Options } from '../options.js';
import { count } from '../render/progress.js';
import { forName } from '../render/safe-output.js';
import { paint } from '../render/terminal.js';

/**
 * `comput3 worker --redis URL`: answers the lines of batches queued on Redis until Ctrl-C, which
 * lets the lines under way finish (a second Ctrl-C leaves at once: their lines go to another
 * worker when their lock runs out). Every worker shares one rate limit through Redis.
 */
export async function runWorker(options: Options): Promise<void> {
  const url = options.batch.redis;
  if (!url)
    throw new CliError(
      'comput3 worker needs --redis URL, the Redis the batches are queued on (such as redis://localhost:6379).',
    );
  if (!/^rediss?:\/\//.test(url))
    throw new CliError(
      `--redis must be a redis:// or rediss:// URL, got "${forName(url.slice(0, 80))}".`,
    );
  const connection = await connect(options);
  const { createWorker } = await import('@comput3/batch/redis');
  const err = process.stderr;
  const { dim, red } = paint(err);
  const tty = err.isTTY === true;
  let answered = 0;
  let failed = 0;
  const started = performance.now();
  const show = () => {
    const perSecond = (answered * 1000) / Math.max(1, performance.now() - started);
    const line = `worker: ${count(answered)} lines answered${failed ? `, ${red(`${count(failed)} failed`)}` : ''} ${dim(`· ${perSecond.toFixed(1)}/s`)}`;
    err.write(tty ? `\r${line}\x1b[K` : `${line}\n`);
  };
  const worker = await createWorker({
    redis: url,
    client: connection.client,
    concurrency: options.batch.concurrency,
    requestsPerMinute: options.batch.rpm,
    tokensPerMinute: options.batch.tpm,
    onLine: ({ ok }) => {
      answered++;
      if (!ok) failed++;
      if (tty) show();
    },
  });
  err.write(
    dim(
      `worker: taking lines from ${forName(url.replace(/\/\/[^@/]*@/, '//***@'))} (Ctrl-C to stop)\n`,
    ),
  );
  await new Promise<void>((resolve) => {
    let interrupts = 0;
    process.on('SIGINT', () => {
      if (++interrupts > 1) process.exit(EXIT.interrupted);
      resolve();
    });
    process.on('SIGTERM', () => resolve());
  });
  if (tty) err.write('\n');
  err.write(dim('worker: finishing the lines under way…\n'));
  await worker.close();
  await connection.close();
  show();
  if (tty) err.write('\n');
}
