import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BatchResult } from '../src/index.js';

export const scratch = () => mkdtempSync(join(tmpdir(), 'comput3-batch-'));

/** An input file of `n` prompt lines ("ticket 1" …), ids t1…tn. */
export function inputOf(dir: string, n: number, extra: string[] = []): string {
  const file = join(dir, 'in.jsonl');
  const lines = Array.from({ length: n }, (_, i) =>
    JSON.stringify({ id: `t${i + 1}`, text: `ticket ${i + 1}` }),
  );
  writeFileSync(file, `${[...lines, ...extra].join('\n')}\n`);
  return file;
}

export const resultsOf = (file: string): BatchResult[] =>
  readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as BatchResult);

/** The ticket number each chat request the mock saw was about ("ticket 12" → 12). */
export const askedTickets = (requests: readonly { path: string; body?: unknown }[]) =>
  requests
    .filter((r) => r.path.endsWith('/chat/completions'))
    .map((r) => {
      const body = r.body as { messages: { content: string }[] };
      return Number(/ticket (\d+)/.exec(body.messages.at(-1)!.content)![1]);
    });
