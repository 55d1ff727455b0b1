// The chat in headless Chromium, offline against the demo's own mock: what a person does.
import { replyText } from '@comput3/mock';
import { REAL_ANSWER } from '../src/server.js';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ask, lastAnswer, lastSent, OUT, session, settled, type Session } from './page.js';

let s: Session;
beforeAll(async () => {
  // Paced like a model, a little quicker than the default so the suite stays short.
  s = await session({ mock: { recordBodies: true, ttftMs: 120, tokensPerSecond: 300 } });
});
afterAll(() => s?.close());

describe('chatting', () => {
  test('streams at the default offline pace over many steps, then shows the figures', async () => {
    const paced = await session();
    try {
      const page = await paced.page();
      expect(await page.textContent('[data-testid="mode"]')).toBe('offline mock');
      await page.selectOption('[data-testid="model"]', 'kimi-k2');
      await ask(page, 'REST vs GraphQL, in detail');
      const seen = new Set<string>();
      await expect
        .poll(
          async () => {
            seen.add((await lastAnswer(page).textContent()) ?? '');
            return lastAnswer(page).getAttribute('data-state');
          },
          { interval: 20, timeout: 60_000 },
        )
        .toBe('done');
      expect(seen.size).toBeGreaterThanOrEqual(5);
      const reply = lastAnswer(page);
      expect(await reply.textContent()).toContain('Offline mock of kimi-k2');
      expect(await reply.locator('table th').first().isVisible()).toBe(true);
      const stats = await reply.locator('[data-testid="stats"]').textContent();
      expect(stats).toMatch(
        /^kimi-k2·\d+ ms to first token·[\d.]+ tokens\/s·\d+ \+ \d+ tokens·stop·req_mock_\d+$/,
      );
      await page.screenshot({ path: `${OUT}chat-desktop-light.png` });
    } finally {
      await paced.close();
    }
  });

  test('Stop shows from the moment of sending: during the wait, and while streaming', async () => {
    const page = await s.page();
    const before = s.demo.mock!.requests.length;
    s.demo.mock!.injectFaults('delay-headers=5000');
    await ask(page, 'one that waits');
    expect(await page.isVisible('[data-testid="stop"]')).toBe(true);
    expect(await page.isVisible('[data-testid="send"]')).toBe(false);
    // Stopped once the request has reached the server (and taken its fault): stopped before,
    // the fault would wait for the next request, on a busy machine.
    await expect.poll(() => s.demo.mock!.requests.length).toBe(before + 1);
    await page.click('[data-testid="stop"]');
    // Nothing arrived: the message is marked, its text back in the box, the request closed.
    await expect
      .poll(() => page.locator('[data-testid="user"]').last().getAttribute('data-state'))
      .toBe('failed');
    expect(await page.inputValue('[data-testid="prompt"]')).toBe('one that waits');
    await expect.poll(() => s.demo.mock!.requests.at(-1)?.closedEarly).toBe(true);

    await page.fill('[data-testid="prompt"]', '');
    s.demo.mock!.injectFaults('delay-chunks=150');
    await ask(page, 'a long and slow answer please');
    await expect
      .poll(async () => ((await lastAnswer(page).textContent()) ?? '').length, { timeout: 60_000 })
      .toBeGreaterThan(3);
    await page.click('[data-testid="stop"]');
    await expect.poll(() => lastAnswer(page).getAttribute('data-state')).toBe('stopped');
    const frozen = await lastAnswer(page).locator('.md').textContent();
    await page.waitForTimeout(400);
    expect(await lastAnswer(page).locator('.md').textContent()).toBe(frozen);
    expect(await lastAnswer(page).textContent()).toContain(
      'Stopped: this is as far as the answer came.',
    );
    await expect.poll(() => s.demo.mock!.requests.at(-1)?.closedEarly).toBe(true);
    expect(await page.isVisible('[data-testid="stop"]')).toBe(false);
  });

  test('by keyboard alone: skip link, Enter sends, Shift+Enter a new line, Escape stops', async () => {
    const page = await s.page();
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe(
      'Skip to the message box',
    );
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('prompt');
    await page.keyboard.type('line one');
    await page.keyboard.press('Shift+Enter');
    await page.keyboard.type('line two');
    expect(await page.inputValue('[data-testid="prompt"]')).toBe('line one\nline two');
    s.demo.mock!.injectFaults('delay-chunks=150');
    await page.keyboard.press('Enter');
    await expect
      .poll(async () => ((await lastAnswer(page).textContent()) ?? '').length)
      .toBeGreaterThan(3);
    await page.keyboard.press('Escape');
    await expect.poll(() => lastAnswer(page).getAttribute('data-state')).toBe('stopped');
    expect(await page.locator('[data-testid="user"] .bubble').textContent()).toBe(
      'line one\nline two',
    );
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('prompt');
  });

  test('a failed turn is shown as failed, its text kept; Retry sends one user message', async () => {
    const page = await s.page();
    await ask(page, 'first question');
    await settled(page);
    s.demo.mock!.injectFaults('status=429; retry-after=12');
    await ask(page, 'this one fails');
    await expect.poll(() => page.isVisible('[data-testid="retry"]')).toBe(true);
    expect(await page.textContent('[data-testid="error"]')).toBe(
      'Comput3 is rate limiting this demo: try again in 12 s.',
    );
    expect(await page.locator('[data-testid="user"]').last().getAttribute('data-state')).toBe(
      'failed',
    );
    expect(await page.inputValue('[data-testid="prompt"]')).toBe('this one fails');
    expect(await page.locator('[data-testid="assistant"]').count()).toBe(1);
    await page.screenshot({ path: `${OUT}chat-failed-turn.png` });
    await page.click('[data-testid="retry"]');
    await settled(page);
    expect(await page.locator('[data-testid="assistant"]').count()).toBe(2);
    expect(lastSent(s.demo).map((m) => m.role)).toEqual(['user', 'assistant', 'user']);
    expect(await page.locator('[data-testid="retry"]').count()).toBe(0);
    expect(await page.inputValue('[data-testid="prompt"]')).toBe('');
  });

  test('a reply cut off mid-stream is kept, marked as broken off, never taken for a whole one', async () => {
    const page = await s.page();
    // The connection to the API drops after a few chunks: the server relays what came, and
    // the SDK in the page sees the stream end before its finish.
    s.demo.mock!.injectFaults('drop-after-chunks=6');
    await ask(page, 'Explain how retries work, in detail');
    await settled(page);
    const reply = lastAnswer(page);
    expect(await reply.getAttribute('data-state')).toBe('error');
    expect((await reply.textContent())!.length).toBeGreaterThan(10);
    expect(await page.textContent('[data-testid="error"]')).toBe(
      'The answer broke off before its end.',
    );
    // No figures: there is no finish to report.
    expect(await reply.locator('[data-testid="stats"]').count()).toBe(0);
    await page.screenshot({ path: `${OUT}chat-broken-off.png` });
  });

  test('regenerate the last reply; edit the last message and send it again', async () => {
    const page = await s.page();
    await ask(page, 'first');
    await settled(page);
    await ask(page, 'second');
    await settled(page);
    const chats = () =>
      s.demo.mock!.requests.filter((r) => r.path === '/v1/chat/completions').length;
    const before = chats();
    const firstAnswer = await lastAnswer(page).locator('.md').textContent();
    await lastAnswer(page).locator('[data-testid="regenerate"]').click();
    await settled(page);
    expect(chats()).toBe(before + 1);
    // Another version is another wording: offline, asked of the mock by a seed.
    expect(await lastAnswer(page).locator('.md').textContent()).not.toBe(firstAnswer);
    const regenerated = s.demo.mock!.requests.filter((r) => r.path === '/v1/chat/completions');
    expect((regenerated.at(-1)!.body as { seed?: number }).seed).toBe(1);
    expect(lastSent(s.demo).map((m) => m.content)).toEqual([
      'first',
      await replyText('hermes4:70b', [{ role: 'user', content: 'first' }], {
        realAnswer: REAL_ANSWER,
      }),
      'second',
    ]);
    expect(await page.locator('[data-testid="assistant"]').count()).toBe(2);
    // Only the last reply can be regenerated; every message can be edited.
    expect(await page.locator('[data-testid="regenerate"]').count()).toBe(1);
    expect(await page.locator('[data-testid="edit"]').count()).toBe(2);

    await page.locator('[data-testid="edit"]').last().click();
    expect(await page.inputValue('[data-testid="prompt"]')).toBe('second');
    expect(await page.textContent('#editing-what')).toBe('Editing your last message');
    await page.fill('[data-testid="prompt"]', 'second, edited');
    await page.press('[data-testid="prompt"]', 'Enter');
    await settled(page);
    expect(await page.locator('[data-testid="user"] .bubble').allTextContents()).toEqual([
      'first',
      'second, edited',
    ]);
    expect(lastSent(s.demo).at(-1)).toEqual({ role: 'user', content: 'second, edited' });
    expect(lastSent(s.demo)).toHaveLength(3);
    // The old wording is kept, with its answers: version 1 of 2.
    expect(await page.textContent('[data-testid="branches"] [aria-current]')).toBe('2/2');
    await page.click('[data-testid="branch-prev"]');
    expect(await page.locator('[data-testid="user"] .bubble').allTextContents()).toEqual([
      'first',
      'second',
    ]);
    expect(await page.textContent('[data-testid="versions"] [aria-current]')).toBe('2/2');
  });

  test('an earlier message edited starts a branch; the old one stays a version', async () => {
    const page = await s.page();
    await page.setViewportSize({ width: 1280, height: 900 });
    for (const text of ['Name three uses of a Bloom filter', 'and in Python?', 'make it shorter']) {
      await ask(page, text);
      await settled(page);
    }
    const bubbles = () => page.locator('[data-testid="user"] .bubble').allTextContents();
    await page.locator('[data-testid="user"]').first().hover();
    await page.locator('[data-testid="edit"]').first().click();
    expect(await page.textContent('#editing-what')).toMatch(/^Editing an earlier message/);
    // What the box would send: only what comes before the edited message (none here).
    await page.fill('[data-testid="prompt"]', 'Name two uses of a Bloom filter');
    await page.press('[data-testid="prompt"]', 'Enter');
    await settled(page);
    expect(await bubbles()).toEqual(['Name two uses of a Bloom filter']);
    expect(lastSent(s.demo)).toEqual([
      { role: 'user', content: 'Name two uses of a Bloom filter' },
    ]);
    await ask(page, 'and in Rust?');
    await settled(page);
    expect(lastSent(s.demo).map((m) => m.content)[2]).toBe('and in Rust?');
    expect(lastSent(s.demo)[0]!.content).toBe('Name two uses of a Bloom filter');

    // ‹ 2/2 › on the edited message: back to version 1 brings its whole branch back.
    const picker = page.locator('[data-testid="branches"]');
    expect(await picker.count()).toBe(1);
    expect(await picker.locator('[aria-current]').textContent()).toBe('2/2');
    await page.locator('[data-testid="user"]').first().scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${OUT}chat-edited-earlier-message.png` });
    await page.setViewportSize({ width: 375, height: 740 });
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.locator('[data-testid="user"]').first().scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${OUT}chat-edited-earlier-message-phone-dark.png` });
    await page.emulateMedia({ colorScheme: 'light' });
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.click('[data-testid="branch-prev"]');
    expect(await bubbles()).toEqual([
      'Name three uses of a Bloom filter',
      'and in Python?',
      'make it shorter',
    ]);
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe(
      'branch-next',
    );
    // A message sent now continues the branch shown, with its context.
    await ask(page, 'and in Go?');
    await settled(page);
    expect(
      lastSent(s.demo)
        .map((m) => m.content)
        .filter((_, i) => i % 2 === 0),
    ).toEqual([
      'Name three uses of a Bloom filter',
      'and in Python?',
      'make it shorter',
      'and in Go?',
    ]);
    // Kept through a reload: both branches, the one shown first.
    await page.reload();
    await page.waitForSelector('body[data-ready="true"]');
    expect((await bubbles()).at(-1)).toBe('and in Go?');
    await page.click('[data-testid="branch-next"]');
    expect(await bubbles()).toEqual(['Name two uses of a Bloom filter', 'and in Rust?']);
  });

  test('a model that reasons: a Thinking block above the answer, folded once the answer begins', async () => {
    const page = await s.page();
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.fill('#system', 'Think step by step before you answer.');
    await ask(page, 'Name three uses of a Bloom filter');
    // While it reasons: open, filling, "Thinking…".
    const block = lastAnswer(page).locator('[data-testid="thinking"]');
    await block.waitFor();
    await expect
      .poll(() => block.locator('summary').textContent())
      .toMatch(/^(Thinking…|Thought for)/);
    await settled(page);
    expect(await block.locator('summary').textContent()).toMatch(/^Thought for \d+\.\d s$/);
    expect(await block.evaluate((d) => (d as HTMLDetailsElement).open)).toBe(false);
    expect(await block.locator('.thinking-text').textContent()).toMatch(/^The question: /);
    // The answer is the answer alone; the model is sent the answer alone next time.
    const answer = await lastAnswer(page).locator('.md').textContent();
    expect(answer).not.toContain('The question:');
    expect(answer).not.toContain('<think>');
    await ask(page, 'and then?');
    await settled(page);
    expect(lastSent(s.demo)[2]!.content).not.toContain('<think>');
    // Kept through a reload, folded; a click opens it.
    await page.reload();
    await page.waitForSelector('body[data-ready="true"]');
    const saved = page
      .locator('[data-testid="assistant"]')
      .first()
      .locator('[data-testid="thinking"]');
    expect(await saved.locator('summary').textContent()).toMatch(/^Thought for /);
    await saved.locator('summary').click();
    await saved.scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${OUT}thinking-desktop-light.png` });
    await page.setViewportSize({ width: 375, height: 760 });
    await page.emulateMedia({ colorScheme: 'dark' });
    await saved.scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${OUT}thinking-phone-dark.png` });
    await page.emulateMedia({ colorScheme: 'light' });
    await page.fill('#system', '');
  });

  test('a max_tokens cut says so under the reply', async () => {
    const page = await s.page();
    await page.fill('#max-tokens', '5');
    await ask(page, 'tell me everything');
    await settled(page);
    expect(await lastAnswer(page).getAttribute('data-finish')).toBe('length');
    expect(await lastAnswer(page).locator('[data-testid="cut"]').textContent()).toBe(
      'Cut short by the max tokens setting: raise it for the rest.',
    );
  });

  test('invalid input is reported with the field named; HTML in an answer is text', async () => {
    const page = await s.page();
    await page.fill('#temperature', '5');
    await ask(page, 'too hot');
    await expect.poll(() => page.isVisible('[data-testid="error"]')).toBe(true);
    expect(await page.textContent('[data-testid="error"]')).toContain(
      'temperature must be a number from 0 to 2',
    );
    await page.fill('#temperature', '0.7');
    await page.fill('[data-testid="prompt"]', '');
    await ask(page, '<img src=x onerror="document.body.dataset.pwned=1">');
    await settled(page);
    expect(await page.locator('[data-testid="log"] img').count()).toBe(0);
    expect(await page.getAttribute('body', 'data-pwned')).toBeNull();
  });

  async function tenExchanges(page: Page) {
    for (let i = 1; i <= 10; i++) {
      await ask(page, `question ${i}`);
      await settled(page);
    }
  }
  /** The last reply is entirely on screen, above the composer. */
  async function lastReplyInView(page: Page) {
    const box = (await lastAnswer(page).boundingBox())!;
    const composer = (await page.locator('#form').boundingBox())!;
    const viewport = page.viewportSize()!;
    expect(box.y).toBeGreaterThanOrEqual(0);
    expect(box.y + box.height).toBeLessThanOrEqual(composer.y);
    expect(composer.y + composer.height).toBeLessThanOrEqual(viewport.height);
  }

  test('after 10 exchanges the last reply is fully in view, at 1280×800 and at 375×700', async () => {
    const page = await s.page();
    await tenExchanges(page);
    await lastReplyInView(page);
    await page.screenshot({ path: `${OUT}ten-exchanges-desktop.png` });
    const phone = await s.page({ viewport: { width: 375, height: 700 } });
    await tenExchanges(phone);
    await lastReplyInView(phone);
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
      375,
    );
    await phone.screenshot({ path: `${OUT}ten-exchanges-phone.png` });
  });

  test('scrolled up while a reply streams: the page stays put and offers Jump to latest', async () => {
    const page = await s.page({ viewport: { width: 1280, height: 600 } });
    for (let i = 1; i <= 3; i++) {
      await ask(page, `warm up ${i}`);
      await settled(page);
    }
    s.demo.mock!.injectFaults('delay-chunks=60');
    await ask(page, 'a long one');
    await expect
      .poll(async () => ((await lastAnswer(page).textContent()) ?? '').length)
      .toBeGreaterThan(3);
    await page.locator('#scroller').evaluate((e) => e.scrollBy(0, -400));
    await expect.poll(() => page.isVisible('[data-testid="jump"]')).toBe(true);
    const held = await page.locator('#scroller').evaluate((e) => e.scrollTop);
    await page.waitForTimeout(300);
    expect(await page.locator('#scroller').evaluate((e) => e.scrollTop)).toBe(held);
    await page.click('[data-testid="jump"]');
    await settled(page);
    await lastReplyInView(page);
  });
});
