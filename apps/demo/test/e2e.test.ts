// The demo in headless Chromium, offline against its in-process mock.
import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { startDemo, type Demo } from '../src/index.js';
import { launch } from './browser.js';

const OUT = new URL('../test-output/', import.meta.url).pathname;
let demo: Demo;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  mkdirSync(OUT, { recursive: true });
  demo = await startDemo({
    apiKey: undefined,
    chatsPerMinute: false,
    // Paced as offline users see it, a little faster so the suite stays quick.
    mock: { recordBodies: true, ttftMs: 150, tokensPerSecond: 100 },
  });
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
  await demo?.close();
});
beforeEach(async () => {
  page = await browser.newPage();
  await page.goto(demo.url);
  await page.waitForSelector('body[data-ready="true"]');
});

const lastAnswer = () => page.locator('[data-testid="assistant"]').last();
async function ask(text: string) {
  await page.fill('[data-testid="prompt"]', text);
  await page.keyboard.press('Enter');
}

describe('demo page', () => {
  test('says it runs offline and lists the spec models', async () => {
    expect(await page.textContent('[data-testid="mode"]')).toBe('offline mock');
    const models = await page.locator('[data-testid="model"] option').allTextContents();
    expect(models).toContain('qwen3-coder:480b');
    expect(models).toHaveLength(8);
  });

  test('the answer streams in over several steps and renders Markdown', async () => {
    await page.selectOption('[data-testid="model"]', 'kimi-k2');
    await ask('REST vs GraphQL, in detail');
    const seen = new Set<string>();
    await expect
      .poll(
        async () => {
          seen.add((await lastAnswer().textContent()) ?? '');
          return lastAnswer().getAttribute('data-state');
        },
        { interval: 15, timeout: 10_000 },
      )
      .toBe('done');
    expect(seen.size).toBeGreaterThanOrEqual(4);
    expect(await lastAnswer().textContent()).toContain('Offline mock of kimi-k2');
    expect(await lastAnswer().locator('strong').first().textContent()).toBe('REST');
    expect(await lastAnswer().locator('em').first().textContent()).toContain('Offline mock');
    await page.screenshot({ path: `${OUT}demo-desktop.png`, fullPage: true });
  });

  test('Stop ends the answer mid-stream and the upstream request is closed', async () => {
    demo.mock!.injectFaults('delay-chunks=150');
    await ask('a long and slow answer please');
    await expect
      .poll(async () => ((await lastAnswer().textContent()) ?? '').length, { timeout: 10_000 })
      .toBeGreaterThan(3);
    await page.click('[data-testid="stop"]');
    await expect.poll(() => lastAnswer().getAttribute('data-state')).toBe('stopped');
    const frozen = await lastAnswer().textContent();
    await page.waitForTimeout(500);
    expect(await lastAnswer().textContent()).toBe(frozen);
    await expect.poll(() => demo.mock!.requests.at(-1)?.closedEarly).toBe(true);
    expect(await page.isDisabled('[data-testid="stop"]')).toBe(true);
  });

  test('a rate limit upstream shows a banner with the retry time', async () => {
    demo.mock!.injectFaults('status=429; retry-after=12');
    await ask('hello?');
    await expect.poll(() => page.isVisible('[data-testid="error"]')).toBe(true);
    expect(await page.textContent('[data-testid="error"]')).toBe(
      'Comput3 is rate limiting this demo: try again in 12 s.',
    );
  });

  test('a failed turn is shown as failed, its text kept; Retry sends one user message', async () => {
    await ask('first question');
    await expect.poll(() => lastAnswer().getAttribute('data-state')).toBe('done');
    demo.mock!.injectFaults('status=400');
    await ask('this one fails');
    await expect.poll(() => page.isVisible('[data-testid="retry"]')).toBe(true);
    expect(await page.locator('[data-testid="user"]').last().getAttribute('data-state')).toBe(
      'failed',
    );
    expect(await page.inputValue('[data-testid="prompt"]')).toBe('this one fails');
    expect(await page.locator('[data-testid="assistant"]').count()).toBe(1);
    await page.screenshot({ path: `${OUT}demo-failed-turn.png`, fullPage: true });
    await page.click('[data-testid="retry"]');
    await expect.poll(() => page.locator('[data-testid="assistant"]').count()).toBe(2);
    await expect.poll(() => lastAnswer().getAttribute('data-state')).toBe('done');
    const sent = demo.mock!.requests.at(-1)!.body as { messages: { role: string }[] };
    expect(sent.messages.map((m) => m.role)).toEqual(['user', 'assistant', 'user']);
    expect(await page.locator('[data-testid="retry"]').count()).toBe(0);
    expect(await page.inputValue('[data-testid="prompt"]')).toBe('');
  });

  test('invalid input is reported with the field named', async () => {
    await page.fill('#temperature', '5');
    await ask('too hot');
    await expect.poll(() => page.isVisible('[data-testid="error"]')).toBe(true);
    expect(await page.textContent('[data-testid="error"]')).toContain(
      'temperature must be a number from 0 to 2',
    );
  });

  test('HTML in an answer is shown as text, never run', async () => {
    await ask('<img src=x onerror="document.body.dataset.pwned=1">');
    await expect.poll(() => lastAnswer().getAttribute('data-state')).toBe('done');
    expect(await page.locator('[data-testid="log"] img').count()).toBe(0);
    expect(await page.getAttribute('body', 'data-pwned')).toBeNull();
  });

  test('Shift+Enter adds a line; Reset clears the conversation', async () => {
    await page.fill('[data-testid="prompt"]', 'line one');
    await page.keyboard.press('Shift+Enter');
    await page.keyboard.type('line two');
    expect(await page.inputValue('[data-testid="prompt"]')).toBe('line one\nline two');
    expect(await page.locator('[data-testid="user"]').count()).toBe(0);
    await page.keyboard.press('Enter');
    await expect.poll(() => lastAnswer().getAttribute('data-state')).toBe('done');
    expect(await page.locator('[data-testid="user"]').textContent()).toBe('line one\nline two');
    await page.click('[data-testid="reset"]');
    expect(await page.locator('.msg').count()).toBe(0);
  });

  test('works on a phone-sized screen', async () => {
    await page.setViewportSize({ width: 375, height: 700 });
    await ask('small screen');
    await expect.poll(() => lastAnswer().getAttribute('data-state')).toBe('done');
    const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(scrollWidth).toBeLessThanOrEqual(375);
    await page.screenshot({ path: `${OUT}demo-phone.png`, fullPage: true });
  });
});
