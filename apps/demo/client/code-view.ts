import type { SentRequest } from './store.js';

/**
 * "View as code": the exact request a reply answered, written three ways. The key is always
 * `$COMPUT3_API_KEY` (or `process.env.COMPUT3_API_KEY`): the page never has the real one.
 */
export type CodeKind = 'typescript' | 'cli' | 'curl';

const DEFAULT_BASE_URL = 'https://api.comput3.ai/v1';

/** One shell word: single-quoted unless it is plain, with ' written as '\''. */
export function shellQuote(text: string): string {
  return /^[\w@%+=:,./-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}

/** The body as the API receives it, without streaming (curl prints the whole answer). */
const body = (r: SentRequest) => ({
  model: r.model,
  messages: r.messages,
  ...(r.temperature !== undefined ? { temperature: r.temperature } : {}),
  ...(r.max_tokens !== undefined ? { max_tokens: r.max_tokens } : {}),
});

export function typescript(r: SentRequest, baseURL: string): string {
  const params = JSON.stringify({ ...body(r), stream: true }, null, 2);
  const base = baseURL === DEFAULT_BASE_URL ? '' : `\n  baseURL: ${JSON.stringify(baseURL)},`;
  return `import { Comput3 } from '@comput3/core';

const client = new Comput3({
  apiKey: process.env.COMPUT3_API_KEY,${base}
});

const stream = await client.chat.completions.create(${params});

for await (const chunk of stream) {
  process.stdout.write(chunk.choices[0]?.delta.content ?? '');
}
const { usage } = await stream.finalCompletion();
console.error(\`\\n\${usage?.prompt_tokens} + \${usage?.completion_tokens} tokens\`);
`;
}

/**
 * The `comput3` command. One user message (after an optional system prompt) is a prompt; a
 * longer conversation goes whole through --messages, so the request is the same either way.
 */
export function cli(r: SentRequest, baseURL: string): string {
  const words = ['comput3', '-m', r.model];
  if (baseURL !== DEFAULT_BASE_URL) words.push('--base-url', baseURL);
  if (r.temperature !== undefined) words.push('--temperature', String(r.temperature));
  if (r.max_tokens !== undefined) words.push('--max-tokens', String(r.max_tokens));
  const [first, ...rest] = r.messages;
  const system = first?.role === 'system' ? first.content : undefined;
  const turns = system === undefined ? r.messages : rest;
  if (turns.length === 1 && turns[0]!.role === 'user') {
    if (system !== undefined) words.push('-s', system);
    words.push('--no-save', '--', turns[0]!.content);
  } else {
    words.push('--no-save', '--messages', JSON.stringify(r.messages));
  }
  return `${words.map(shellQuote).join(' ')}\n`;
}

export function curl(r: SentRequest, baseURL: string): string {
  return `curl ${shellQuote(`${baseURL}/chat/completions`)} \\
  -H "Authorization: Bearer $COMPUT3_API_KEY" \\
  -H 'Content-Type: application/json' \\
  -d ${shellQuote(JSON.stringify(body(r)))}
`;
}

export const CODE: Record<
  CodeKind,
  { label: string; make: (r: SentRequest, baseURL: string) => string }
> = {
  typescript: { label: 'TypeScript', make: typescript },
  cli: { label: 'comput3 CLI', make: cli },
  curl: { label: 'curl', make: curl },
};
