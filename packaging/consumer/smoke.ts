// What an app does with the published packages: compiled with strict tsc in a fresh project,
// then run on every runtime against @comput3/mock. Throws on the first wrong answer.
import {
  Comput3,
  RateLimitError,
  type ChatCompletion,
  type ChatCompletionChunk,
} from '@comput3/core';

function same(actual: unknown, expected: unknown, what: string): void {
  if (actual !== expected)
    throw new Error(`${what}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
}

export async function smoke(baseURL: string): Promise<string> {
  const client = new Comput3({
    apiKey: 'sk-runtime-matrix',
    baseURL,
    maxRetries: 0,
    dangerouslyAllowBrowser: true,
  });

  // The mock's replies are deterministic: the same request, streamed or not, gives one text.
  const pinged = await client.ask('ping', { model: 'kimi-k2' });
  same(pinged.startsWith('*Offline mock of kimi-k2'), true, 'ask()');
  same(await client.ask('ping', { model: 'kimi-k2' }), pinged, 'ask() twice');

  const plain: ChatCompletion = await client.chat.completions.create({
    model: 'hermes4:70b',
    messages: [{ role: 'user', content: 'cut me short' }],
    max_tokens: 3,
  });
  same(plain.choices[0]?.finish_reason, 'length', 'max_tokens');

  const messages = [{ role: 'user' as const, content: 'stream please' }];
  const whole = await client.chat.completions.create({ model: 'qwen3-coder:480b', messages });
  const stream = await client.chat.completions.create({
    model: 'qwen3-coder:480b',
    messages,
    stream: true,
    stream_options: { include_usage: true },
  });
  const chunks: ChatCompletionChunk[] = [];
  for await (const chunk of stream) chunks.push(chunk);
  const final = await stream.finalCompletion();
  same(final.choices[0]?.message.content, whole.choices[0]?.message.content, 'streamed text');
  same(chunks.length > 3, true, 'several chunks');
  same(
    final.usage?.total_tokens,
    (final.usage?.prompt_tokens ?? 0) + (final.usage?.completion_tokens ?? 0),
    'usage',
  );

  const models = await client.models.list();
  same(
    models.some((m) => m.id === 'claude-sonnet-4'),
    true,
    'models.list()',
  );

  try {
    await client.chat.completions.create(
      { model: 'kimi-k2', messages: [{ role: 'user', content: 'x' }] },
      { headers: { 'x-mock-fault': 'status=429; retry-after=1' } },
    );
    throw new Error('a 429 did not throw');
  } catch (error) {
    if (!(error instanceof RateLimitError)) throw error;
    same(error.status, 429, 'RateLimitError.status');
  }
  return `ok: ${chunks.length} chunks streamed`;
}
