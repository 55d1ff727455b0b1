import type { SentRequest } from './store.js';

/**
 * "View as code": the exact request a reply answered, written three ways, each runnable as
 * pasted. Live, the key is always `$COMPUT3_API_KEY` (or `process.env.COMPUT3_API_KEY`): the
 * page never has the real one. Offline, TypeScript and curl call this demo's own relay (which
 * holds the mock's key, so none is needed) and the CLI runs with `--offline`.
 */
export type CodeKind = 'typescript' | 'cli' | 'curl';

/** Where the code sends the request: the API (live) or this demo server's relay (offline). */
export type Target = { offline: false; baseURL: string } | { offline: true; relay: string };

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
  ...(r.seed !== undefined ? { seed: r.seed } : {}),
});

export function typescript(r: SentRequest, target: Target): string {
  const params = JSON.stringify({ ...body(r), stream: true }, null, 2);
  const options = target.offline
    ? `  // Offline: this demo's server relays to its mock and holds the key; any value works.
  apiKey: 'offline',
  baseURL: ${JSON.stringify(target.relay)},`
    : `  apiKey: process.env.COMPUT3_API_KEY,${
        target.baseURL === DEFAULT_BASE_URL ? '' : `\n  baseURL: ${JSON.stringify(target.baseURL)},`
      }`;
  return `import { Comput3 } from '@comput3/core';

const client = new Comput3({
${options}
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
 * An option and its value as argument words: `--name=value` when the value starts with `-`,
 * which a parser would otherwise read as an option of its own (`-s '- Be brief.'` exits 2).
 */
const option = (flag: string, long: string, value: string): string[] =>
  value.startsWith('-') ? [`${long}=${value}`] : [flag, value];

/**
 * The `comput3` command. One user message (after an optional system prompt) is a prompt; a
 * longer conversation goes whole through --messages, so the request is the same either way.
 */
export function cli(r: SentRequest, target: Target): string {
  const words = [
    'comput3',
    ...(target.offline ? ['--offline'] : []),
    ...option('-m', '--model', r.model),
  ];
  if (!target.offline && target.baseURL !== DEFAULT_BASE_URL)
    words.push(...option('--base-url', '--base-url', target.baseURL));
  if (r.temperature !== undefined) words.push('--temperature', String(r.temperature));
  if (r.max_tokens !== undefined) words.push('--max-tokens', String(r.max_tokens));
  if (r.seed !== undefined) words.push('--seed', String(r.seed));
  const [first, ...rest] = r.messages;
  const system = first?.role === 'system' ? first.content : undefined;
  const turns = system === undefined ? r.messages : rest;
  if (turns.length === 1 && turns[0]!.role === 'user') {
    if (system !== undefined) words.push(...option('-s', '--system', system));
    words.push('--no-save', '--', turns[0]!.content);
  } else {
    words.push('--no-save', '--messages', JSON.stringify(r.messages));
  }
  return `${words.map(shellQuote).join(' ')}\n`;
}

export function curl(r: SentRequest, target: Target): string {
  if (target.offline) {
    // The relay always streams: -N prints each event as it comes.
    return `curl -N ${shellQuote(`${target.relay}/chat/completions`)} \\
  -H 'Content-Type: application/json' \\
  -d ${shellQuote(JSON.stringify(body(r)))}
`;
  }
  return `curl ${shellQuote(`${target.baseURL}/chat/completions`)} \\
  -H "Authorization: Bearer $COMPUT3_API_KEY" \\
  -H 'Content-Type: application/json' \\
  -d ${shellQuote(JSON.stringify(body(r)))}
`;
}

export const CODE: Record<
  CodeKind,
  { label: string; make: (r: SentRequest, target: Target) => string }
> = {
  typescript: { label: 'TypeScript', make: typescript },
  cli: { label: 'comput3 CLI', make: cli },
  curl: { label: 'curl', make: curl },
};
