// Nothing a person does loses their work: delete has Undo, a reload or Back returns to the
// conversation, a message too long is caught before sending, and Regenerate keeps versions.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  ask,
  conversation,
  lastAnswer,
  lastSent,
  OUT,
  PHONE,
  seed,
  session,
  settled,
  type Session,
} from './page.js';

let s: Session;
beforeAll(async () => {
  s = await session({ mock: { recordBodies: true, ttftMs: 50, tokensPerSecond: 1000 } });
});
afterAll(() => s?.close());

const titles = (page: Page) => page.locator('[data-testid="conversation"]').allTextContents();

describe('delete', () => {
  test('on a phone the menu is there to tap, and Delete offers Undo', async () => {
    const page = await s.page(PHONE);
    await ask(page, 'Keep this one');
    await settled(page);
    await page.tap('#open-sidebar');
    const more = page.locator('[data-testid="conversation-menu"]').first();
    // Visible without hover (a touch screen has none), and drawn as SVG, not an emoji.
    await expect.poll(() => more.evaluate((e) => getComputedStyle(e).opacity)).toBe('1');
    expect(await more.locator('svg path').count()).toBe(1);
    expect(await more.textContent()).toBe('');
    // Tapping beside the title no longer deletes: it opens a menu.
    await more.tap();
    expect(await page.locator('[role="menu"] [role="menuitem"]').allTextContents()).toEqual([
      'Rename',
      'Export as Markdown',
      'Export as JSON',
      'Delete',
    ]);
    await page.screenshot({ path: `${OUT}phone-menu.png` });
    await page.tap('[data-testid="delete"]');
    expect(await titles(page)).toEqual([]);
    expect(await page.textContent('[data-testid="toast"]')).toContain('Deleted “Keep this one”.');
    await page.screenshot({ path: `${OUT}phone-undo.png` });
    await page.tap('[data-testid="toast-action"]');
    expect(await titles(page)).toEqual(['Keep this one']);
    // Back where it was, and saved again.
    expect(await page.locator('[data-testid="user"] .bubble').allTextContents()).toEqual([
      'Keep this one',
    ]);
    await page.reload();
    await page.waitForSelector('body[data-ready="true"]');
    expect(await titles(page)).toEqual(['Keep this one']);
  });

  test('on a desktop, by keyboard: Delete on a row, Undo; the toast goes after 10 s', async () => {
    const page = await s.page();
    await page.clock.install();
    await seed(page, [conversation('a1', 'First', [['hi', 'hello']])]);
    await page.focus('[data-testid="conversation"]');
    await page.keyboard.press('Delete');
    expect(await titles(page)).toEqual([]);
    await expect.poll(() => page.isVisible('[data-testid="toast"]')).toBe(true);
    await page.screenshot({ path: `${OUT}desktop-undo.png` });
    await page.clock.fastForward(10_500);
    await expect.poll(() => page.isVisible('[data-testid="toast"]')).toBe(false);
    await page.reload();
    await page.waitForSelector('body[data-ready="true"]');
    expect(await titles(page)).toEqual([]);
  });
});

describe('where you were', () => {
  test('reload, Back and a second tab return to the conversation; it is listed once sent', async () => {
    const slow = await session({ mock: { ttftMs: 1500, tokensPerSecond: 200 } });
    try {
      const page = await slow.page();
      await ask(page, 'Plan a trip to Lisbon');
      // Listed (and in the address bar) while its answer is still on the way.
      await expect.poll(() => titles(page)).toEqual(['Plan a trip to Lisbon']);
      expect(await page.getAttribute('body', 'data-busy')).toBe('true');
      expect(page.url()).toMatch(/#\/c\/[\w-]+$/);
      await settled(page);
      const url = page.url();

      await page.reload();
      await page.waitForSelector('body[data-ready="true"]');
      expect(await page.textContent('[data-testid="title"]')).toBe('Plan a trip to Lisbon');
      expect(await page.locator('[data-testid="assistant"][data-state="done"]').count()).toBe(1);
      await page.screenshot({ path: `${OUT}reload-returns.png` });

      await page.click('[data-testid="new-chat"]');
      expect(await page.textContent('[data-testid="title"]')).toBe('New chat');
      expect(page.url()).not.toContain('#');
      await page.goBack();
      await expect
        .poll(() => page.textContent('[data-testid="title"]'))
        .toBe('Plan a trip to Lisbon');
      await page.goForward();
      await expect.poll(() => page.textContent('[data-testid="title"]')).toBe('New chat');

      const second = await page.context().newPage();
      await second.goto(url);
      await second.waitForSelector('body[data-ready="true"]');
      expect(await second.textContent('[data-testid="title"]')).toBe('Plan a trip to Lisbon');
      // A link to a conversation this browser does not have says so, and opens a new chat.
      await second.goto(`${slow.demo.url}#/c/gone-123`);
      await second.reload();
      await second.waitForSelector('body[data-ready="true"]');
      expect(await second.textContent('[data-testid="error"]')).toContain(
        'not saved in this browser',
      );
    } finally {
      await slow.close();
    }
  });

  test('whether Settings is open is remembered', async () => {
    const page = await s.page();
    expect(await page.isVisible('#settings')).toBe(true); // open on a wide screen at first
    await page.click('[data-testid="settings-toggle"]');
    await page.reload();
    await page.waitForSelector('body[data-ready="true"]');
    expect(await page.isVisible('#settings')).toBe(false);
    await page.click('[data-testid="settings-toggle"]');
    await page.reload();
    await page.waitForSelector('body[data-ready="true"]');
    expect(await page.isVisible('#settings')).toBe(true);
  });
});

describe('the size limit', () => {
  test('a 108 KB paste: the counter says so, Send is refused with what to do, nothing is lost', async () => {
    const page = await s.page();
    const before = s.demo.mock!.requests.length;
    const paste = 'log line with some words in it\n'.repeat(3500); // ~108 KB
    // Pasted: one input event with all of it (Playwright's fill types it in, 19 s for 108 KB).
    await page.locator('[data-testid="prompt"]').evaluate((box: HTMLTextAreaElement, text) => {
      box.value = text;
      box.dispatchEvent(new InputEvent('input', { inputType: 'insertFromPaste' }));
    }, paste);
    await expect.poll(() => page.isVisible('[data-testid="size"]')).toBe(true);
    expect(await page.textContent('[data-testid="size"]')).toMatch(/^1\d\d \/ 64 kB$/);
    expect(await page.getAttribute('[data-testid="size"]', 'class')).toContain('over');
    await page.press('[data-testid="prompt"]', 'Enter');
    const error = await page.textContent('[data-testid="error"]');
    expect(error).toMatch(/over this demo’s limit of 64 kB: shorten it, or start a New chat/);
    expect(s.demo.mock!.requests.length).toBe(before); // never sent
    expect(await page.inputValue('[data-testid="prompt"]')).toBe(paste); // kept in the box
    // The banner sits above the messages, not over them, and can be closed.
    const banner = (await page.locator('#error').boundingBox())!;
    const scroller = (await page.locator('#scroller').boundingBox())!;
    expect(banner.y + banner.height).toBeLessThanOrEqual(scroller.y + 1);
    await page.screenshot({ path: `${OUT}size-limit.png` });
    await page.click('[data-testid="error-close"]');
    expect(await page.isVisible('#error')).toBe(false);
    // Shortened, it goes.
    await page.fill('[data-testid="prompt"]', 'short now');
    await expect.poll(() => page.isVisible('[data-testid="size"]')).toBe(false);
    await page.press('[data-testid="prompt"]', 'Enter');
    await settled(page);
    expect(await lastAnswer(page).getAttribute('data-state')).toBe('done');
  });
});

describe('Regenerate', () => {
  test('keeps every answer as a version: ‹ 1/2 ›, kept after a reload, the one shown is the context', async () => {
    const page = await s.page();
    await ask(page, 'Name a colour');
    await settled(page);
    const first = await lastAnswer(page).locator('.md').textContent();
    // Another model, so the second answer differs from the first.
    await page.selectOption('[data-testid="model"]', 'deepseek-v3.1');
    await lastAnswer(page).locator('[data-testid="regenerate"]').click();
    await settled(page);
    const second = await lastAnswer(page).locator('.md').textContent();
    expect(second).not.toBe(first);
    expect(await page.locator('[data-testid="assistant"]').count()).toBe(1);
    expect(await lastAnswer(page).locator('[data-testid="versions"]').textContent()).toBe('2/2');
    await page.screenshot({ path: `${OUT}versions.png` });

    await lastAnswer(page).locator('[data-testid="version-prev"]').click();
    expect(await lastAnswer(page).locator('.md').textContent()).toBe(first);
    expect(await lastAnswer(page).locator('[data-testid="versions"]').textContent()).toBe('1/2');
    await page.reload();
    await page.waitForSelector('body[data-ready="true"]');
    expect(await lastAnswer(page).locator('[data-testid="versions"]').textContent()).toBe('1/2');
    expect(await lastAnswer(page).locator('.md').textContent()).toBe(first);

    // The next message is sent with the answer shown.
    const versions = await page.evaluate(
      () => JSON.parse(localStorage.getItem('comput3-demo')!).conversations[0].turns[0].versions,
    );
    expect(versions).toHaveLength(2);
    await ask(page, 'and another?');
    await settled(page);
    expect(lastSent(s.demo).map((m) => m.content)).toEqual([
      'Name a colour',
      versions[0].content,
      'and another?',
    ]);
  });
});
