// What the browser tests share: a demo on the offline mock, Chromium, and a few page helpers.
import { mkdirSync } from 'node:fs';
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import { expect } from 'vitest';
import { startDemo, type Demo, type DemoOptions } from '../src/index.js';
import { launch } from './browser.js';

export const OUT = new URL('../test-output/', import.meta.url).pathname;
mkdirSync(OUT, { recursive: true });

export interface Session {
  demo: Demo;
  browser: Browser;
  /** A fresh page (its own storage), loaded and ready. */
  page(options?: BrowserContextOptions): Promise<Page>;
  warm(page: Page): Promise<void>;
  close(): Promise<void>;
}

/** A demo offline against its mock (paced as given), and a browser to look at it with. */
export async function session(options: DemoOptions = {}): Promise<Session> {
  const demo = await startDemo({ apiKey: undefined, chatsPerMinute: false, ...options });
  const browser = await launch();
  return {
    demo,
    browser,
    async page(context = {}) {
      const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 }, ...context });
      const page = await ctx.newPage();
      page.on('pageerror', (error) => {
        throw error;
      });
      await page.goto(demo.url);
      await page.waitForSelector('body[data-ready="true"]');
      return page;
    },
    /** Waits until the page has warmed its parsers, as it does while a person types. */
    async warm(page: Page) {
      await page.waitForSelector('body[data-warm="true"]');
    },
    async close() {
      await browser.close();
      await demo.close();
    },
  };
}

/** A phone as the tests hold one: 375 × 700, a touch screen (so no hover). */
export const PHONE = { viewport: { width: 375, height: 700 }, hasTouch: true, isMobile: true };

export const lastAnswer = (page: Page) => page.locator('[data-testid="assistant"]').last();

/** Types a message and sends it with Enter, as a person would. */
export async function ask(page: Page, text: string): Promise<void> {
  await page.fill('[data-testid="prompt"]', text);
  await page.press('[data-testid="prompt"]', 'Enter');
}

/** Waits until no reply is streaming. */
export async function settled(page: Page): Promise<void> {
  await expect
    .poll(() => page.getAttribute('body', 'data-busy'), { timeout: 60_000 })
    .toBe('false');
}

/** The messages the mock received in its last chat request. */
export function lastSent(demo: Demo): { role: string; content: string }[] {
  const chats = demo.mock!.requests.filter((r) => r.path === '/v1/chat/completions');
  return (chats.at(-1)!.body as { messages: { role: string; content: string }[] }).messages;
}

/** Starts Chromium's long-task observer on the page: every task of 50 ms or more (wall clock). */
export async function observeLongTasks(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { longTasks: number[] };
    w.longTasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) w.longTasks.push(Math.round(e.duration));
    }).observe({ type: 'longtask' });
  });
}

/** The long tasks seen since observeLongTasks, in milliseconds. */
export const longTasks = (page: Page): Promise<number[]> =>
  page.evaluate(() => (window as unknown as { longTasks: number[] }).longTasks);

/**
 * A demo whose mock answers with exactly 4,000 tokens, quickly, and a page on it with the
 * long-task observer listening, warmed as while a person types: the smoothness measure.
 */
export async function longReplyPage(): Promise<{ s: Session; page: Page }> {
  const s = await session({
    headers: { 'x-mock-reply-tokens': '4000' },
    mock: { ttftMs: 50, tokensPerSecond: 800 },
  });
  const page = await s.page();
  await observeLongTasks(page);
  await s.warm(page); // the page uses that idle time (see warmUp)
  return { s, page };
}

/**
 * Runs a control task, long by any measure (400 ms; even with half a core it spends well over
 * 100 ms of CPU), and waits for the long-task observer to see it: so a measure can fail.
 */
export async function controlTask(page: Page): Promise<void> {
  await page.evaluate(() =>
    setTimeout(() => {
      const end = performance.now() + 400;
      while (performance.now() < end);
    }),
  );
  await expect.poll(async () => (await longTasks(page)).some((ms) => ms >= 400)).toBe(true);
}

/**
 * Makes the page's next chat requests answer with `content` (an SSE stream the SDK in the page
 * reads as from the API), for replies the mock would never write: hostile Markdown, long words.
 */
export async function replyWith(page: Page, content: string): Promise<void> {
  await page.route('**/api/chat/completions', (route) => {
    const base = { id: 'c-test', object: 'chat.completion.chunk', created: 1, model: 'kimi-k2' };
    const events = [
      {
        ...base,
        choices: [{ index: 0, delta: { role: 'assistant', content }, finish_reason: null }],
      },
      { ...base, choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] },
    ];
    return route.fulfill({
      status: 200,
      headers: { 'content-type': 'text/event-stream' },
      body: `${events.map((e) => `data: ${JSON.stringify(e)}\n\n`).join('')}data: [DONE]\n\n`,
    });
  });
}

/** A saved conversation as the page stores it, with one exchange per [question, answer]. */
export function conversation(
  id: string,
  title: string,
  exchanges: [string, string][],
  updated = Date.now(),
) {
  return {
    id,
    title,
    created: updated,
    updated,
    turns: exchanges.map(([user, content]) => ({
      kind: 'chat',
      user,
      reply: {
        content,
        state: 'done',
        request: { model: 'kimi-k2', messages: [{ role: 'user', content: user }] },
      },
    })),
  };
}

/** Stores these conversations in the page's localStorage and reloads it. */
export async function seed(page: Page, conversations: unknown[]): Promise<void> {
  await page.evaluate(
    (data) =>
      localStorage.setItem('comput3-demo', JSON.stringify({ version: 1, conversations: data })),
    conversations,
  );
  await page.reload();
  await page.waitForSelector('body[data-ready="true"]');
}
