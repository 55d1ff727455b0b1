// Conversations saved in the browser: a list, open, rename, delete, survive a reload.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ask, OUT, session, settled, type Session } from './page.js';

let s: Session;
beforeAll(async () => {
  s = await session({ mock: { recordBodies: true, ttftMs: 50, tokensPerSecond: 1000 } });
});
afterAll(() => s?.close());

const titles = (page: import('playwright-core').Page) =>
  page.locator('[data-testid="conversation"]').allTextContents();

describe('saved conversations', () => {
  test('survive a reload; open, rename and delete from the list', async () => {
    const page = await s.page();
    await ask(page, 'Plan a trip to Lisbon\nwith a second line');
    await settled(page);
    await ask(page, 'and the food?');
    await settled(page);
    await page.click('[data-testid="new-chat"]');
    expect(await page.locator('[data-testid="user"]').count()).toBe(0);
    await ask(page, 'What is a monad?');
    await settled(page);
    // Titled from the first message, newest first.
    expect(await titles(page)).toEqual(['What is a monad?', 'Plan a trip to Lisbon']);

    await page.reload();
    await page.waitForSelector('body[data-ready="true"]');
    expect(await titles(page)).toEqual(['What is a monad?', 'Plan a trip to Lisbon']);
    await page.locator('[data-testid="conversation"]', { hasText: 'Lisbon' }).click();
    expect(await page.locator('[data-testid="user"] .bubble').allTextContents()).toEqual([
      'Plan a trip to Lisbon\nwith a second line',
      'and the food?',
    ]);
    expect(await page.locator('[data-testid="assistant"][data-state="done"]').count()).toBe(2);
    expect(await page.textContent('[data-testid="title"]')).toBe('Plan a trip to Lisbon');
    // Its replies keep their figures.
    expect(await page.locator('[data-testid="stats"]').count()).toBe(2);
    await page.screenshot({ path: `${OUT}conversations.png` });

    // The conversation goes on from where it was: the model gets all of it.
    await ask(page, 'and the weather?');
    await settled(page);
    const chats = s.demo.mock!.requests.filter((r) => r.path === '/v1/chat/completions');
    const sent = (chats.at(-1)!.body as { messages: { role: string }[] }).messages;
    expect(sent.map((m) => m.role)).toEqual(['user', 'assistant', 'user', 'assistant', 'user']);

    const lisbon = page.locator('.conv', { hasText: 'Lisbon' });
    await lisbon.hover();
    await lisbon.locator('[data-testid="conversation-menu"]').click();
    await page.click('[data-testid="rename"]');
    await page.fill('.conv-rename', 'Lisbon in May');
    await page.keyboard.press('Enter');
    expect(await titles(page)).toContain('Lisbon in May');

    const monad = page.locator('.conv', { hasText: 'monad' });
    await monad.hover();
    await monad.locator('[data-testid="conversation-menu"]').click();
    await page.click('[data-testid="delete"]');
    await page.reload();
    await page.waitForSelector('body[data-ready="true"]');
    expect(await titles(page)).toEqual(['Lisbon in May']);
  });

  test('each chat keeps its own settings: after a reload, on switching chats, in a second tab', async () => {
    const page = await s.page();
    const chats = () => s.demo.mock!.requests.filter((r) => r.path === '/v1/chat/completions');
    const lastBody = () =>
      chats().at(-1)!.body as {
        model: string;
        temperature?: number;
        messages: { role: string; content: string }[];
      };
    const panel = async () => ({
      model: await page.inputValue('#model'),
      system: await page.inputValue('#system'),
      temperature: await page.inputValue('#temperature'),
    });
    await page.selectOption('#model', 'kimi-k2');
    await page.fill('#system', 'Answer in one sentence.');
    await ask(page, 'What is a B-tree?');
    await settled(page);
    const first = page.url();

    // A new chat starts from the settings last used; changed, they are its own.
    await page.click('[data-testid="new-chat"]');
    expect(await panel()).toMatchObject({ model: 'kimi-k2', system: 'Answer in one sentence.' });
    await page.selectOption('#model', 'qwen3-max');
    await page.fill('#system', '');
    await ask(page, 'What is a trie?');
    await settled(page);
    expect(lastBody().model).toBe('qwen3-max');

    await page.reload();
    await page.waitForSelector('body[data-ready="true"]');
    await page.locator('[data-testid="conversation"]', { hasText: 'B-tree' }).click();
    expect(await panel()).toMatchObject({ model: 'kimi-k2', system: 'Answer in one sentence.' });
    await ask(page, 'And a B+ tree?');
    await settled(page);
    expect(lastBody().model).toBe('kimi-k2');
    expect(lastBody().messages[0]).toEqual({ role: 'system', content: 'Answer in one sentence.' });
    await page.screenshot({ path: `${OUT}settings-per-chat.png` });

    await page.locator('[data-testid="conversation"]', { hasText: 'trie' }).click();
    expect(await panel()).toMatchObject({ model: 'qwen3-max', system: '' });

    // A second tab changes the first chat's temperature: this tab, showing that chat, follows.
    await page.goto(first);
    await page.waitForSelector('body[data-ready="true"]');
    const other = await page.context().newPage();
    await other.goto(first);
    await other.waitForSelector('body[data-ready="true"]');
    expect(await other.inputValue('#model')).toBe('kimi-k2');
    await other.fill('#temperature', '0.3');
    await expect.poll(() => page.inputValue('#temperature')).toBe('0.3');
    await ask(page, 'Shorter?');
    await settled(page);
    expect(lastBody().temperature).toBe(0.3);
    await other.close();
  });

  test('export as Markdown and JSON, import into another browser, export and import all', async () => {
    const page = await s.page();
    await page.fill('#system', 'Be brief.');
    await ask(page, 'What is a monad?');
    await settled(page);
    const row = page.locator('.conv', { hasText: 'monad' });
    const exported = async (item: string) => {
      await row.hover();
      await row.locator('[data-testid="conversation-menu"]').click();
      const [file] = await Promise.all([
        page.waitForEvent('download'),
        page.click(`[data-testid="${item}"]`),
      ]);
      return { name: file.suggestedFilename(), path: (await file.path())! };
    };
    const md = await exported('export-md');
    expect(md.name).toBe('What-is-a-monad.md');
    const text = readFileSync(md.path, 'utf8');
    expect(text).toMatch(
      /^# What is a monad\?\n\n- Model: hermes4:70b\n- System prompt: Be brief\./,
    );
    expect(text).toContain('## You\n\nWhat is a monad?\n\n## Assistant (hermes4:70b)\n\n');
    const json = await exported('export-json');
    expect(JSON.parse(readFileSync(json.path, 'utf8'))).toMatchObject({
      format: 'comput3-chat',
      conversations: [{ title: 'What is a monad?', settings: { system: 'Be brief.' } }],
    });

    // Another browser (its own storage) imports it: the same conversation, with its settings.
    const other = await s.page();
    await other.setInputFiles('[data-testid="import-file"]', json.path);
    await expect.poll(() => titles(other)).toEqual(['What is a monad?']);
    await other.locator('[data-testid="conversation"]').click();
    expect(await other.locator('[data-testid="assistant"][data-state="done"]').count()).toBe(1);
    expect(await other.inputValue('#system')).toBe('Be brief.');
    // Imported again: nothing doubles.
    await other.setInputFiles('[data-testid="import-file"]', json.path);
    await expect
      .poll(() => other.textContent('#status'))
      .toContain('0 conversations (1 already here)');
    expect(await titles(other)).toHaveLength(1);

    // A file that is not an export: one line saying so; nothing changes.
    const junk = join(mkdtempSync(join(tmpdir(), 'demo-import-')), 'notes.json');
    writeFileSync(junk, '{"version": 3, "conversations": [{"id": "x"}]}');
    // An export whose settings are not settings (a model that is an object) is refused whole.
    const forged = join(mkdtempSync(join(tmpdir(), 'demo-import-')), 'forged.json');
    const real = JSON.parse(readFileSync(json.path, 'utf8'));
    real.conversations[0].id = 'forged-1';
    real.conversations[0].settings.model = { toString: 'x' };
    writeFileSync(forged, JSON.stringify(real));
    await other.setInputFiles('[data-testid="import-file"]', forged);
    await expect
      .poll(() => other.textContent('[data-testid="error"]'))
      .toBe('forged.json: conversation 1 is damaged; nothing was imported.');
    expect(await titles(other)).toHaveLength(1);
    await other.setInputFiles('[data-testid="import-file"]', junk);
    await expect
      .poll(() => other.textContent('[data-testid="error"]'))
      .toBe('notes.json is not a Comput3 chat export: choose a file saved with Export (JSON).');
    expect(await titles(other)).toHaveLength(1);

    // All at once, from Settings.
    await ask(page, 'What is a functor?');
    await settled(page);
    await page.click('[data-testid="new-chat"]');
    await ask(page, 'Name three rivers');
    await settled(page);
    const [all] = await Promise.all([
      page.waitForEvent('download'),
      page.click('[data-testid="export-all"]'),
    ]);
    const everything = JSON.parse(readFileSync((await all.path())!, 'utf8'));
    expect(everything.conversations).toHaveLength(2);
    await other.setInputFiles('[data-testid="import-file"]', (await all.path())!);
    await expect.poll(() => titles(other)).toHaveLength(2);
    await other.screenshot({ path: `${OUT}imported.png` });
  });

  test('saved data from another version is kept aside, never overwritten or lost', async () => {
    const page = await s.page();
    await page.evaluate(() =>
      localStorage.setItem(
        'comput3-demo',
        JSON.stringify({ version: 99, conversations: [{ id: 'x' }] }),
      ),
    );
    await page.reload();
    await page.waitForSelector('body[data-ready="true"]');
    expect(await page.textContent('[data-testid="error"]')).toMatch(
      /could not be read; they are kept in localStorage as comput3-demo\.unreadable\.\d+\./,
    );
    const aside = await page.evaluate(() =>
      Object.keys(localStorage)
        .filter((k) => k.startsWith('comput3-demo.unreadable.'))
        .map((k) => localStorage.getItem(k)),
    );
    expect(aside).toEqual([JSON.stringify({ version: 99, conversations: [{ id: 'x' }] })]);
  });

  test('on a phone the list is a drawer', async () => {
    const page = await s.page({ viewport: { width: 375, height: 700 } });
    await ask(page, 'from a phone');
    await settled(page);
    expect(await page.isVisible('[data-testid="sidebar"]')).toBe(false);
    await page.click('#open-sidebar');
    await expect.poll(() => page.isVisible('[data-testid="sidebar"]')).toBe(true);
    expect(await page.getAttribute('#open-sidebar', 'aria-expanded')).toBe('true');
    await page.screenshot({ path: `${OUT}phone-drawer.png` });
    await page.click('[data-testid="new-chat"]');
    await expect.poll(() => page.isVisible('[data-testid="sidebar"]')).toBe(false);
    // Escape closes it too, and focus goes back to the button that opened it.
    await page.click('#open-sidebar');
    await expect.poll(() => page.isVisible('[data-testid="sidebar"]')).toBe(true);
    await page.keyboard.press('Escape');
    await expect.poll(() => page.isVisible('[data-testid="sidebar"]')).toBe(false);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('open-sidebar');
    expect(await page.getAttribute('#open-sidebar', 'aria-expanded')).toBe('false');
  });
});
