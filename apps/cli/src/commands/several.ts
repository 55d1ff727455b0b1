import type { ChatMessage, Comput3 } from '@comput3/core';
import { requestParams, userContent } from './user-content.js';
import { CliError, EXIT } from '../cli-error.js';
import { connect } from '../connect.js';
import { conversationLog } from '../storage/conversations.js';
import { describeError, exitCodeFor } from '../exit-codes.js';
import type { Options } from '../options.js';
import { cutNote, type TurnStats } from '../stats.js';
import { paint } from '../render/terminal.js';
import { takeTurn } from '../turn.js';
import { loadSchema, type LoadedSchema } from '../schema.js';
import { renders, writerFactory, type Writer } from '../render/writer.js';

interface Run {
  model: string;
  /** Pieces that arrived before this answer's turn to be shown. */
  waiting: string[];
  writer: Writer | undefined;
  stats?: TurnStats;
  error?: unknown;
  done: boolean;
}

/**
 * `comput3 -m A -m B "prompt"`: the same question to several models in parallel. The answers
 * are shown one after another in the order the models were given, each under its name; each
 * streams live when its turn comes (what arrived before is shown at once). A table of their
 * figures follows on stderr. With --json every line is tagged with its model, as it arrives.
 * The exit code is the worst of the results.
 */
export async function runSeveral(options: Options): Promise<void> {
  const { models } = options;
  const twice = models.find((m, i) => models.indexOf(m) !== i);
  if (twice) throw new CliError(`-m ${twice} is given twice; name each model once.`);
  if (options.continue || options.conversation) {
    throw new CliError('-c and --conversation continue one conversation: give one -m with them.');
  }
  const { content, typed } = await userContent(options);
  const schema = await loadSchema(options.schema);
  const connection = await connect(options);
  try {
    await checkModels(connection.client, models);
    await ask(options, connection.client, content, typed, schema);
  } finally {
    await connection.close();
  }
}

/**
 * A model id the API does not list is a typo until shown otherwise: say so before anything is
 * sent, rather than pay for the other answers. A server without a model list is trusted.
 */
async function checkModels(client: Comput3, models: string[]): Promise<void> {
  let listed: Set<string>;
  try {
    listed = new Set((await client.models.list()).map((m) => m.id));
  } catch {
    return;
  }
  const missing = models.filter((m) => !listed.has(m));
  if (missing.length) {
    throw new CliError(
      `-m ${missing.join(', ')}: not a model this API serves (comput3 models --remote lists them). Nothing was sent.`,
    );
  }
}

async function ask(
  options: Options,
  client: Comput3,
  content: string,
  typed: string | undefined,
  schema: LoadedSchema | undefined,
): Promise<void> {
  const out = process.stdout;
  const err = paint(process.stderr);
  const color = paint(out);
  const rendered = renders(options);
  const makeWriter = await writerFactory(options);
  const added: ChatMessage[] = [
    ...(options.system ? [{ role: 'system' as const, content: options.system }] : []),
    ...(options.messages ?? []),
    ...(content ? [{ role: 'user' as const, content }] : []),
  ];
  const runs: Run[] = options.models.map((model) => ({
    model,
    waiting: [],
    writer: undefined,
    done: false,
  }));
  let current = -1;

  /** Shows the next answer's block: its header, what it has so far, and its end if it is done. */
  const advance = (): void => {
    while (++current < runs.length) {
      const run = runs[current]!;
      const header = rendered ? color.bold(color.cyan(`▍ ${run.model}`)) : `==> ${run.model} <==`;
      out.write(`${current ? '\n' : ''}${header}\n`);
      run.writer = makeWriter();
      for (const piece of run.waiting.splice(0)) run.writer.write(piece);
      if (!run.done) return;
      finish(run);
    }
  };
  const finish = (run: Run) => {
    run.writer!.end();
    if (run.error)
      process.stderr.write(`${err.red(`comput3: ${run.model}:`)} ${describe(run.error)}\n`);
    const note = run.stats && cutNote(run.stats);
    if (note) process.stderr.write(`${err.yellow(note)}\n`);
  };

  const controller = new AbortController();
  const interrupt = () => controller.abort();
  process.once('SIGINT', interrupt);
  if (!options.json) advance();
  try {
    await Promise.all(
      runs.map(async (run, index) => {
        try {
          const { completion, stats } = await takeTurn({
            client,
            history: [],
            added: added.map((m) => ({ ...m })),
            typed,
            params: requestParams(options, run.model),
            stream: options.stream && !options.schema,
            schema,
            usage: options.usage,
            signal: controller.signal,
            log: conversationLog(options.save, undefined, run.model),
            onChunk(chunk) {
              if (options.json)
                return void out.write(
                  `${JSON.stringify({ ...chunk, comput3_model: run.model })}\n`,
                );
              const piece = chunk.choices[0]?.delta.content;
              if (!piece) return;
              if (index === current) run.writer!.write(piece);
              else run.waiting.push(piece);
            },
          });
          run.stats = stats;
          const text = completion.choices[0]?.message.content ?? '';
          if (options.json) {
            out.write(
              `${JSON.stringify(options.stream && !options.schema ? { object: 'comput3.stats', comput3_model: run.model, ...stats } : { ...completion, comput3_model: run.model, comput3_stats: stats })}\n`,
            );
          } else if (!options.stream || options.schema) {
            const whole = options.schema ? JSON.stringify(JSON.parse(text), null, 2) : text;
            if (index === current) run.writer!.write(whole);
            else run.waiting.push(whole);
          }
        } catch (error) {
          run.error = error;
          if (options.json) {
            out.write(
              `${JSON.stringify({ object: 'comput3.error', comput3_model: run.model, message: describe(error), exit_code: exitCodeFor(error) })}\n`,
            );
          }
        }
        run.done = true;
        if (!options.json && index === current) {
          finish(run);
          advance();
        } else if (options.json && run.error) {
          process.stderr.write(`${err.red(`comput3: ${run.model}:`)} ${describe(run.error)}\n`);
        }
      }),
    );
  } finally {
    process.off('SIGINT', interrupt);
  }
  if (options.stats || (!options.json && out.isTTY && process.stderr.isTTY)) {
    process.stderr.write(`\n${statsTable(runs, err)}\n`);
  }
  // The worst result decides: any failure fails the command, an interruption most of all.
  const worst = Math.max(EXIT.ok, ...runs.map((r) => (r.error ? exitCodeFor(r.error) : EXIT.ok)));
  if (worst !== EXIT.ok) process.exitCode = worst;
}

const describe = (error: unknown) =>
  exitCodeFor(error) === EXIT.interrupted ? 'interrupted' : describeError(error);

/** The models' figures side by side, one row each, columns aligned. */
function statsTable(runs: Run[], err: ReturnType<typeof paint>): string {
  const head = ['model', 'first token', 'tokens/s', 'tokens', 'finish', 'request id'];
  const rows = runs.map(({ model, stats: s, error }) =>
    s
      ? [
          model,
          `${s.timeToFirstTokenMs} ms`,
          s.tokensPerSecond === undefined ? '-' : String(s.tokensPerSecond),
          s.promptTokens === undefined ? '-' : `${s.promptTokens} + ${s.completionTokens ?? '?'}`,
          s.finishReason ?? '-',
          s.requestId ?? '-',
        ]
      : [model, error ? 'failed' : '-', '-', '-', '-', '-'],
  );
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  return [err.bold(line(head)), ...rows.map((r) => err.dim(line(r)))].join('\n');
}
