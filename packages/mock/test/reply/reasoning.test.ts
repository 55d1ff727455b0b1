import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { replyText, startMockServer, type MockServer } from '../../src/index.js';

let mock: MockServer;
beforeAll(async () => {
  mock = await startMockServer();
});
afterAll(() => mock.close());

const THINK = { role: 'system', content: 'Think step by step before you answer.' } as const;
const ASK = { role: 'user', content: 'Name three uses of a Bloom filter' } as const;
const post = (body: object) =>
  fetch(`${mock.url}/chat/completions`, {
    method: 'POST',
    headers: { authorization: 'Bearer k', 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
type Completion = {
  choices: { message: { content: string; reasoning_content?: string } }[];
  usage: { completion_tokens: number; completion_tokens_details?: { reasoning_tokens: number } };
};

describe('models that reason, each in its own form, when asked to think', () => {
  test('Hermes 4: inline, in <think> at the start of the content, counted in the usage', async () => {
    const answer = (await (
      await post({ model: 'hermes4:70b', messages: [THINK, ASK] })
    ).json()) as Completion;
    const { content } = answer.choices[0]!.message;
    expect(content).toMatch(/^<think>\nThe question: "Name three uses of a Bloom filter"\.\n/);
    expect(content).toContain('I have a written answer for this (bloom-filter).');
    expect(content).toMatch(/\n<\/think>\n\n\*Offline mock of hermes4:70b/);
    const reasoning = answer.usage.completion_tokens_details!.reasoning_tokens;
    expect(reasoning).toBeGreaterThan(20);
    expect(reasoning).toBeLessThan(answer.usage.completion_tokens);
    // What tests compare with is the same text.
    expect(await replyText('hermes4:70b', [THINK, ASK])).toBe(content);
  });

  test('DeepSeek V3.1: beside the content, in reasoning_content, streamed before the answer', async () => {
    const whole = (await (
      await post({ model: 'deepseek-v3.1', messages: [THINK, ASK] })
    ).json()) as Completion;
    expect(whole.choices[0]!.message.reasoning_content).toMatch(/^The question: /);
    expect(whole.choices[0]!.message.content).not.toContain('The question:');
    const streamed = await (
      await post({ model: 'deepseek-v3.1', messages: [THINK, ASK], stream: true })
    ).text();
    const deltas = [...streamed.matchAll(/^data: (\{.*\})$/gm)].map(
      (m) =>
        (JSON.parse(m[1]!) as { choices: { delta: Record<string, string> }[] }).choices[0]?.delta ??
        {},
    );
    const firstAnswer = deltas.findIndex((d) => d.content);
    const lastThought = deltas.map((d) => Boolean(d.reasoning_content)).lastIndexOf(true);
    expect(lastThought).toBeGreaterThan(0);
    expect(lastThought).toBeLessThan(firstAnswer);
    expect(deltas.map((d) => d.reasoning_content ?? '').join('')).toBe(
      whole.choices[0]!.message.reasoning_content,
    );
  });

  test('the way it says it will answer is the way it answers (each model words it in its own voice)', async () => {
    const sse = { role: 'user', content: 'What is SSE?' } as const;
    for (const model of ['deepseek-v3.1', 'hermes4:70b', 'hermes4:405b']) {
      const whole = (await (await post({ model, messages: [THINK, sse] })).json()) as Completion;
      const { content, reasoning_content } = whole.choices[0]!.message;
      const thought = reasoning_content ?? /<think>\n([\s\S]*?)\n<\/think>/.exec(content)![1]!;
      const answer = content
        .replace(/^<think>[\s\S]*?<\/think>\s*/, '')
        .replace(/^\*Offline mock of [^*]*\*\s*/, '');
      const how = thought.split('\n').at(-1);
      if (answer.startsWith('```')) expect(how).toBe('Lead with the code, then explain it.');
      else if (/^\*\*[^*]+:\*\* /.test(answer))
        expect(how).toBe('Lead with a one-line summary, then the answer.');
      else expect(how).toBe('Answer directly.');
    }
  });

  test('not asked to think, or a model that does not reason: the answer at once', async () => {
    for (const body of [
      { model: 'hermes4:70b', messages: [ASK] },
      { model: 'kimi-k2', messages: [THINK, ASK] },
    ]) {
      const answer = (await (await post(body)).json()) as Completion;
      expect(answer.choices[0]!.message.content).not.toContain('<think>');
      expect(answer.choices[0]!.message.reasoning_content).toBeUndefined();
      expect(answer.usage.completion_tokens_details).toBeUndefined();
    }
  });
});
