// How replies and the page look and behave: the waiting dots, long words, code blocks, the
// phone header, hostile replies, the keyboard in the list, Compare's models, search and groups.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  ask,
  conversation,
  lastAnswer,
  OUT,
  PHONE,
  replyWith,
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

/** How far the conversation could scroll sideways: 0 when nothing is wider than its column. */
const overflow = (page: Page) =>
  page.evaluate(() => {
    const e = document.getElementById('scroller')!;
    return e.scrollWidth - e.clientWidth;
  });

describe('replies', () => {
  test('the answering dots show before the first token, and go with it', async () => {
    const slow = await session({ mock: { ttftMs: 2000, tokensPerSecond: 100 } });
    try {
      for (const scheme of ['light', 'dark'] as const) {
        const page = await slow.page({ colorScheme: scheme });
        await ask(page, 'Explain server-sent events step by step');
        const dots = lastAnswer(page).locator('.typing');
        await expect.poll(() => dots.isVisible()).toBe(true);
        expect(await dots.locator('span').count()).toBe(3);
        await page.screenshot({ path: `${OUT}waiting-dots-${scheme}.png` });
        await expect.poll(() => lastAnswer(page).getAttribute('data-started')).toBe('true');
        expect(await dots.isVisible()).toBe(false);
        await settled(page);
      }
    } finally {
      await slow.close();
    }
  });

  test.each([
    ['desktop', { viewport: { width: 1280, height: 800 } }],
    ['phone', PHONE],
  ] as const)(
    'a long word or URL wraps; code scrolls inside its block (%s)',
    async (name, context) => {
      const page = await s.page(context);
      const word = 'Supercalifragilistic'.repeat(150);
      const url = `https://example.com/${'path/'.repeat(300)}`;
      await replyWith(
        page,
        `${word}\n\nSee ${url} and \`${'inline_code_'.repeat(40)}\`.\n\n\`\`\`ts\nconst wide = "${'x'.repeat(400)}";\n\`\`\``,
      );
      await ask(page, 'long words');
      await settled(page);
      expect(await overflow(page)).toBeLessThanOrEqual(0);
      const pre = lastAnswer(page).locator('pre');
      expect(await pre.evaluate((e) => e.scrollWidth > e.clientWidth)).toBe(true);
      // The code block's header: the language, and Copy above the code, not over it.
      expect(await lastAnswer(page).locator('.code-lang').textContent()).toBe('ts');
      const copy = (await lastAnswer(page).locator('.copy-code').boundingBox())!;
      const code = (await pre.boundingBox())!;
      expect(copy.y + copy.height).toBeLessThanOrEqual(code.y + 1);
      await page.screenshot({ path: `${OUT}long-word-${name}.png` });
    },
  );

  test.each([
    ['phone', { viewport: { width: 375, height: 700 }, hasTouch: true, isMobile: true }],
    ['desktop', {}],
  ] as const)(
    'a table wraps at spaces, never inside a word, and scrolls sideways in its own box (%s)',
    async (name, context) => {
      const page = await s.page(context);
      const row =
        '| Caching | Congestion control | Introspectable, retriable, idempotent requests |';
      await replyWith(
        page,
        `| Feature | Why it matters | Notes |\n|---|---|---|\n${row}\n${row}\n${row}\n`,
      );
      await ask(page, 'a table');
      await settled(page);
      // Each word of each cell is drawn on one line: a word cut in two has two boxes.
      const cut = await lastAnswer(page)
        .locator('table')
        .evaluate((table) => {
          const broken: string[] = [];
          for (const cell of table.querySelectorAll('th, td')) {
            const text = cell.firstChild!;
            for (const m of (text.textContent ?? '').matchAll(/\S+/g)) {
              const range = document.createRange();
              range.setStart(text, m.index!);
              range.setEnd(text, m.index! + m[0].length);
              if (range.getClientRects().length > 1) broken.push(m[0]);
            }
          }
          return broken;
        });
      expect(cut).toEqual([]);
      // The page does not scroll sideways; the table may, inside itself.
      expect(await overflow(page)).toBeLessThanOrEqual(0);
      await page.screenshot({ path: `${OUT}table-${name}.png` });
    },
  );

  test('control characters in an answer are not drawn', async () => {
    const page = await s.page();
    await replyWith(page, 'bell\u0007 escape\u001b[2J c1\u009b done');
    await ask(page, 'controls');
    await settled(page);
    const text = (await lastAnswer(page).locator('.md').textContent())!;
    expect(text.trim()).toBe('bell escape[2J c1 done');
  });

  test('replies marked cannot handle still open after a reload, with their text', async () => {
    const page = await s.page();
    await seed(page, [
      conversation('h1', 'Hostile replies', [
        ['quotes', `${'>'.repeat(5000)} deep quote`],
        ['underscores', '_a'.repeat(25_000)],
        ['fine', 'A **normal** answer.'],
      ]),
    ]);
    await page.click('[data-testid="conversation"]');
    const answers = page.locator('[data-testid="assistant"]');
    await expect.poll(() => answers.count()).toBe(3);
    expect(await answers.nth(0).textContent()).toContain('deep quote');
    expect((await answers.nth(1).locator('.md').textContent())!.trim()).toBe('_a'.repeat(25_000));
    expect(await answers.nth(2).locator('strong').textContent()).toBe('normal');
    expect(await overflow(page)).toBeLessThanOrEqual(0);
  });
});

describe('the page', () => {
  test('phone header: icon buttons leave the title room; settings line up; dialog dims in dark', async () => {
    const page = await s.page({ ...PHONE, colorScheme: 'dark' });
    await ask(page, 'A fairly long first message to title this conversation');
    await settled(page);
    const title = (await page.locator('[data-testid="title"]').boundingBox())!;
    expect(title.width).toBeGreaterThan(170);
    for (const id of ['compare-toggle', 'settings-toggle']) {
      expect(await page.locator(`[data-testid="${id}"] svg`).count()).toBe(1);
      expect(await page.getAttribute(`[data-testid="${id}"]`, 'aria-label')).toBeTruthy();
    }
    await page.tap('[data-testid="settings-toggle"]');
    const left = await page
      .locator('#settings select, #settings input, #settings textarea')
      .evaluateAll((els) =>
        els
          .filter((e) => e.getClientRects().length)
          .map((e) => Math.round(e.getBoundingClientRect().left)),
      );
    expect(new Set(left).size).toBe(1);
    // And wide enough to use: the Export and Import row must not squeeze them into slivers.
    const widths = await page
      .locator('#settings select, #settings input, #settings textarea')
      .evaluateAll((els) =>
        els.filter((e) => e.getClientRects().length).map((e) => e.getBoundingClientRect().width),
      );
    expect(Math.min(...widths)).toBeGreaterThan(150);
    await page.screenshot({ path: `${OUT}phone-settings-dark.png` });
    await lastAnswer(page).locator('[data-testid="view-code"]').tap();
    const dim = await page.evaluate(
      () => getComputedStyle(document.getElementById('code-dialog')!, '::backdrop').backgroundColor,
    );
    expect(Number(/[\d.]+\)$/.exec(dim)![0].slice(0, -1))).toBeGreaterThanOrEqual(0.7);
    await page.screenshot({ path: `${OUT}phone-dialog-dark.png` });
  });

  test('the list is one Tab stop; arrow keys move in it', async () => {
    const page = await s.page();
    const now = Date.now();
    await seed(
      page,
      Array.from({ length: 50 }, (_, i) =>
        conversation(`k${i}`, `Chat ${i}`, [['q', 'a']], now - i * 1000),
      ),
    );
    expect(await page.locator('#sidebar [tabindex="0"]').count()).toBe(1);
    await page.focus('#search');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Chat 0');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Chat 2');
    await page.keyboard.press('End');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Chat 49');
    // One more Tab leaves the list (50 rows, one stop).
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => Boolean(document.activeElement?.closest('#sidebar')))).toBe(
      false,
    );
    // F2 renames, from the keyboard.
    await page.focus('[data-testid="conversation"] >> nth=0');
    await page.keyboard.press('F2');
    await page.keyboard.type('Renamed');
    await page.keyboard.press('Enter');
    expect(await page.locator('[data-testid="conversation"]').first().textContent()).toBe(
      'Renamed',
    );
  });

  test('Delete leaves focus on the next row, and the shortcut the toast names undoes it', async () => {
    const page = await s.page();
    const now = Date.now();
    await seed(
      page,
      ['One', 'Two', 'Three'].map((title, i) =>
        conversation(`d${i}`, title, [['q', 'a']], now - i * 1000),
      ),
    );
    const focused = () => page.evaluate(() => document.activeElement?.textContent);
    await page.focus('[data-testid="conversation"] >> nth=1');
    await page.keyboard.press('Delete');
    expect(await page.locator('[data-testid="conversation"]').allTextContents()).toEqual([
      'One',
      'Three',
    ]);
    expect(await focused()).toBe('Three');
    expect(await page.textContent('[data-testid="toast-key"]')).toBe('Ctrl+Z');
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.screenshot({ path: `${OUT}delete-undo-dark.png` });
    await page.keyboard.press('Control+z');
    expect(await page.locator('[data-testid="conversation"]').allTextContents()).toEqual([
      'One',
      'Two',
      'Three',
    ]);
    expect(await page.locator('[data-testid="toast"]').count()).toBe(0);
    // The last row deleted: focus goes up to the one before it.
    await page.focus('[data-testid="conversation"] >> nth=2');
    await page.keyboard.press('Delete');
    expect(await focused()).toBe('Two');
    // In the message box, Ctrl+Z is the box's own: the conversation stays deleted.
    await page.fill('[data-testid="prompt"]', 'typing');
    await page.focus('[data-testid="prompt"]');
    await page.keyboard.press('Control+z');
    expect(await page.locator('[data-testid="conversation"]').count()).toBe(2);
  });

  test("Compare's third model offers only models not chosen already", async () => {
    const page = await s.page();
    await page.click('[data-testid="compare-toggle"]');
    const offered = () =>
      page.$$eval('[data-testid="model-3"] option', (options) =>
        (options as HTMLOptionElement[]).filter((o) => !o.hidden && o.value).map((o) => o.value),
      );
    const first = await page.inputValue('[data-testid="model"]');
    const second = await page.inputValue('[data-testid="model-2"]');
    expect(await offered()).not.toContain(first);
    expect(await offered()).not.toContain(second);
    const third = (await offered())[0]!;
    await page.selectOption('[data-testid="model-3"]', third);
    // Chosen above now, it is no longer offered below: the third goes back to "(only two)".
    await page.selectOption('[data-testid="model-2"]', third);
    expect(await page.inputValue('[data-testid="model-3"]')).toBe('');
    expect(await offered()).not.toContain(third);
    expect(await offered()).toContain(second);
  });

  test('Compare refuses the same model twice, and sends nothing', async () => {
    const page = await s.page();
    await page.click('[data-testid="compare-toggle"]');
    await page.selectOption(
      '[data-testid="model-2"]',
      await page.inputValue('[data-testid="model"]'),
    );
    const before = s.demo.mock!.requests.length;
    await ask(page, 'same model twice');
    expect(await page.textContent('[data-testid="error"]')).toMatch(/chosen twice/);
    expect(s.demo.mock!.requests.length).toBe(before);
    expect(await page.inputValue('[data-testid="prompt"]')).toBe('same model twice');
  });

  test('search finds conversations by title or text; the list is grouped by date', async () => {
    const page = await s.page();
    const day = 86_400_000;
    const now = Date.now();
    await seed(page, [
      conversation('g1', 'Lisbon trip', [['plan it', 'Day one: Alfama']], now),
      conversation('g2', 'Yesterday chat', [['q', 'about Porto']], now - day - 1000),
      conversation('g3', 'Last week', [['q', 'a']], now - 4 * day),
      conversation('g4', 'Last month', [['q', 'a']], now - 20 * day),
      conversation('g5', 'Long ago', [['q', 'alfama again']], now - 90 * day),
    ]);
    const groups = () => page.locator('.group-title').allTextContents();
    expect(await groups()).toEqual([
      'Today',
      'Yesterday',
      'Previous 7 days',
      'Previous 30 days',
      'Older',
    ]);
    await page.screenshot({ path: `${OUT}sidebar-groups.png` });
    await page.fill('[data-testid="search"]', 'alfama');
    await expect
      .poll(() => page.locator('[data-testid="conversation"]').allTextContents())
      .toEqual(['Lisbon trip', 'Long ago']);
    expect(await groups()).toEqual(['Today', 'Older']);
    await page.fill('[data-testid="search"]', 'nothing like it');
    expect(await page.textContent('.conv-none')).toContain('No conversation matches');
    await page.press('[data-testid="search"]', 'Escape');
    expect(await page.locator('[data-testid="conversation"]').count()).toBe(5);
  });
});
