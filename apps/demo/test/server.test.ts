import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startDemo, type Demo } from '../src/index.js';

let demo: Demo;
beforeAll(async () => {
  demo = await startDemo({ apiKey: undefined });
});
afterAll(() => demo.close());

const chat = (body: unknown) =>
  fetch(`${demo.url}api/chat`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

describe('demo server (offline)', () => {
  test('serves the page, saying it runs against the offline mock', async () => {
    expect(demo.mode).toBe('offline mock');
    const html = await (await fetch(demo.url)).text();
    expect(html).toContain('offline mock');
    expect(html).toContain('<option>hermes4:70b</option>');
  });

  test('streams an answer from the mock through @comput3/core', async () => {
    const res = await chat({
      model: 'kimi-k2',
      messages: [{ role: 'user', content: 'Hello demo' }],
    });
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const events = (await res.text())
      .split('\n\n')
      .filter(Boolean)
      .map((e) => e.replace(/^data: /, ''));
    expect(events.at(-1)).toBe('[DONE]');
    const text = events
      .slice(0, -1)
      .map((e) => JSON.parse(e).choices[0]?.delta.content ?? '')
      .join('');
    expect(text).toBe('You said: "Hello demo" (mock reply from kimi-k2).');
  });

  test('rejects invalid input with the field named, before calling upstream', async () => {
    const res = await chat({
      model: 'kimi-k2',
      messages: [{ role: 'user', content: 'x' }],
      temperature: 9,
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ field: 'temperature' });
  });
});
