import type { BatchSummary, InputOptions } from '@comput3/batch';
import { CliError, EXIT } from '../cli-error.js';
import { connect } from '../connect.js';
import type { Options } from '../options.js';
import { count, duration, progressLine, tokens } from '../render/progress.js';
import { forName } from '../render/safe-output.js';
import { paint } from '../render/terminal.js';
import { defaultModel } from '../storage/config.js';

const err = (line = '') => void process.stderr.write(`${line}\n`);

/**
 * `comput3 batch FILE -o OUT`: every line of a JSONL file answered once into another, with a
 * progress line on a terminal, a summary at the end, and Ctrl-C (or a crash) finished later by
 * `--resume`. With `--redis`, the lines are queued for `comput3 worker`s instead, and
 * `batch status|results|cancel JOB` follow them.
 */
export async function runBatchCommand(options: Options): Promise<void> {
  const [first, job] = options.args;
  if (first === 'status' || first === 'results' || first === 'cancel') {
    return (await import('./batch-redis.js')).followBatch(first, job, options);
  }
  if (!first) {
    throw new CliError(
      'comput3 batch needs an input file: comput3 batch in.jsonl -o out.jsonl (see comput3 batch --help).',
    );
  }
  if (job !== undefined) {
    throw new CliError(`comput3 batch takes one input file, got "${first}" and "${job}".`);
  }
  const { parseTemplate } = await import('@comput3/batch');
  let template;
  if (options.batch.template !== undefined) {
    try {
      template = parseTemplate(options.batch.template);
    } catch (error) {
      throw new CliError(`--template: ${(error as Error).message}`);
    }
  }
  const params = {
    ...(options.maxTokens !== undefined ? { max_tokens: options.maxTokens } : {}),
    ...(options.temperature !== undefined ? { temperature: options.temperature } : {}),
  };
  const input: InputOptions = {
    model: options.model ?? defaultModel(),
    template,
    system: options.system,
    params,
  };
  if (options.batch.redis) {
    return (await import('./batch-redis.js')).enqueue(first, input, options);
  }
  const output = options.batch.output;
  if (!output) {
    throw new CliError(
      `comput3 batch needs -o OUT, the JSONL file to write the results to (or --redis URL to queue them).`,
    );
  }
  await runLocal(first, output, input, options);
}

async function runLocal(
  file: string,
  output: string,
  input: InputOptions,
  options: Options,
): Promise<void> {
  const { runBatch, BatchInputError } = await import('@comput3/batch');
  const flags = options.batch;
  const stop = new AbortController();
  let interrupts = 0;
  const interrupt = () => {
    if (++interrupts > 1) process.exit(EXIT.interrupted);
    stop.abort();
  };
  process.on('SIGINT', interrupt);
  const progress = progressLine(process.stderr);
  const connection = await connect(options);
  let summary: BatchSummary;
  try {
    summary = await runBatch({
      client: connection.client,
      input: file,
      output,
      ...input,
      resume: flags.resume,
      retryFailed: flags.retryFailed,
      ordered: flags.ordered,
      onBadLine: flags.onBadLine,
      concurrency: flags.concurrency,
      requestsPerMinute: flags.rpm,
      tokensPerMinute: flags.tpm,
      maxAttempts: flags.maxAttempts,
      // -m a -m b --fallback: each line asks a, and b when a fails before answering.
      ...(options.fallback ? { requestOptions: { fallback: options.models.slice(1) } } : {}),
      signal: stop.signal,
      onProgress: (p) => progress.update(p),
    });
  } catch (error) {
    progress.end();
    if (error instanceof BatchInputError) {
      const more = error.badLines.slice(1, 5).map((b) => `  line ${b.line} ${forName(b.problem)}`);
      throw new CliError([forName(error.message), ...more].join('\n'));
    }
    if (
      error instanceof RangeError ||
      /exists: pass --resume|does not exist: --retry-failed|the input changed|is not a result of comput3 batch/.test(
        (error as Error).message,
      )
    ) {
      throw new CliError(forName((error as Error).message));
    }
    throw error;
  } finally {
    process.off('SIGINT', interrupt);
    await connection.close();
  }
  progress.end();
  if (options.json) process.stdout.write(`${JSON.stringify(summary)}\n`);
  else say(summary, file);
  if (summary.stopped) {
    err(`stopped: the rest is sent by comput3 batch ${file} -o ${output} --resume`);
    process.exitCode = EXIT.interrupted;
  } else if (summary.failed) process.exitCode = EXIT.error;
}

/** The summary on stderr: what was done, how fast, what failed and how to redo it. */
function say(s: BatchSummary, file: string): void {
  const { bold, dim, red } = paint(process.stderr);
  const pace = s.elapsedMs
    ? ` (${(((s.done - s.previously) * 1000) / s.elapsedMs).toFixed(1)}/s)`
    : '';
  const already = s.previously ? `, ${count(s.previously)} from before` : '';
  err(
    `${bold('comput3 batch')}: ${count(s.done)} of ${count(s.total)} lines in ${duration(s.elapsedMs)}${pace}${already} → ${s.output}`,
  );
  const kinds = s.failures.map((f) => `${count(f.count)} ${f.kind}`).join(', ');
  err(
    `  ${count(s.done - s.previously - s.failed)} answered · ${s.failed ? red(`${count(s.failed)} failed (${kinds})`) : '0 failed'}${s.retried ? ` · ${count(s.retried)} sent again` : ''}`,
  );
  err(
    dim(`  tokens: ${tokens(s.tokens.prompt)} prompt + ${tokens(s.tokens.completion)} completion`),
  );
  if (s.slowest.length) {
    err(
      dim(
        `  slowest: ${s.slowest.map((c) => `line ${c.line} ${(c.ms / 1000).toFixed(1)} s`).join(' · ')}`,
      ),
    );
  }
  if (s.failed && !s.stopped) {
    err(
      `  the failures are in ${s.output} ("ok": false); comput3 batch ${file} -o ${s.output} --retry-failed sends them again`,
    );
  }
}
