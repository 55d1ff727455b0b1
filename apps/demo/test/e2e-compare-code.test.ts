// Compare several models side by side, and View as code: what the other chat apps do not have.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { replyText } from '@comput3/mock';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ask, lastAnswer, OUT, session, settled, type Session } from './page.js';

const KEY = 'sk-never-in-the-page-3141';
let s: Session;
beforeAll(async () => {
  s = await session({ mock: { recordBodies: true, ttftMs: 150, tokensPerSecond: 150 } });
});
afterAll(() => s?.close());

describe('Compare', () => {
  test('one message to three models, streaming side by side, each in its own words', async () => {
    const page = await s.page();
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.click('[data-testid="compare-toggle"]');
    await page.selectOption('[data-testid="model"]', 'kimi-k2');
    await page.selectOption('[data-testid="model-2"]', 'qwen3-max');
    await page.selectOption('[data-testid="model-3"]', 'claude-sonnet-4');
    await ask(page, 'Compare REST vs GraphQL');
    const cards = page.locator('[data-testid="compare"] [data-testid="assistant"]');
    expect(await cards.count()).toBe(3);
    // Both stream at once: a moment when both have text and neither is finished.
    await expect
      .poll(
        async () => {
          const states = await Promise.all(
            [0, 1].map((i) => cards.nth(i).getAttribute('data-state')),
          );
          const texts = await Promise.all(
            [0, 1].map((i) => cards.nth(i).locator('.md').textContent()),
          );
          return (
            states.every((st) => st === 'streaming') && texts.every((t) => (t ?? '').length > 0)
          );
        },
        { interval: 20, timeout: 60_000 },
      )
      .toBe(true);
    await settled(page);
    const stats = await cards.locator('[data-testid="stats"]').allTextContents();
    expect(stats[0]).toMatch(/^kimi-k2·\d+ ms to first token/);
    expect(stats[1]).toMatch(/^qwen3-max·\d+ ms to first token/);
    // Offline too, three models do not answer word for word alike (the mock's voices).
    const answers = await cards.locator('.md').allTextContents();
    const bodies = answers.map((t) =>
      t.replace(/^Offline mock of [^:]+: written answers, not a real model\./, ''),
    );
    expect(new Set(bodies).size).toBe(3);
    await page.screenshot({ path: `${OUT}compare.png` });
    await page.locator('[data-testid="compare"]').evaluate((grid) => grid.scrollIntoView());
    await page.screenshot({ path: `${OUT}compare-three-voices.png` });
  });

  test('each model of a Compare counts against the rate limit', async () => {
    const limited = await session({
      chatsPerMinute: 2,
      mock: { ttftMs: 50, tokensPerSecond: 1000 },
    });
    try {
      const page = await limited.page();
      await page.click('[data-testid="compare-toggle"]');
      await page.selectOption('[data-testid="model-3"]', 'deepseek-v3.1');
      await ask(page, 'three at once');
      await settled(page);
      const states = await page
        .locator('[data-testid="compare"] [data-testid="assistant"]')
        .evaluateAll((cards) => cards.map((c) => c.getAttribute('data-state')));
      expect(states.filter((st) => st === 'done')).toHaveLength(2);
      expect(states.filter((st) => st === 'error')).toHaveLength(1);
      expect(await page.textContent('[data-testid="compare"]')).toContain(
        'Too many messages: try again in',
      );
    } finally {
      await limited.close();
    }
  });
});

describe('View as code', () => {
  test('the request as TypeScript, CLI and curl, with no key; the curl gives the same reply', async () => {
    // Live mode against the mock, so that a real key exists on the server to leak (it must not).
    const live = await session({ apiKey: KEY, baseURL: s.demo.mock!.url });
    try {
      const page = await live.page();
      await page.fill('#system', 'Be brief.');
      await ask(page, "What's SSE?");
      await settled(page);
      await lastAnswer(page).locator('[data-testid="view-code"]').click();
      await expect.poll(() => page.isVisible('[data-testid="code-dialog"]')).toBe(true);
      const code: Record<string, string> = {};
      for (const kind of ['typescript', 'cli', 'curl']) {
        await page.click(`[data-testid="code-${kind}"]`);
        code[kind] = (await page.textContent('[data-testid="code-text"]'))!;
        expect(code[kind]).not.toContain(KEY);
      }
      // The SDK and curl name the variable; the CLI reads it by itself.
      expect(code.typescript).toContain('process.env.COMPUT3_API_KEY');
      expect(code.curl).toContain('Authorization: Bearer $COMPUT3_API_KEY');
      expect(code.typescript).toContain("import { Comput3 } from '@comput3/core';");
      expect(code.typescript).toContain(`baseURL: ${JSON.stringify(s.demo.mock!.url)}`);
      expect(code.cli).toBe(
        `comput3 -m hermes4:70b --base-url ${s.demo.mock!.url} --temperature 0.7 -s 'Be brief.' --no-save -- 'What'\\''s SSE?'\n`,
      );
      await page.screenshot({ path: `${OUT}view-as-code.png` });

      // Run the curl as shown, with the key from the environment: the same reply as on the page.
      const { stdout } = await promisify(execFile)('sh', ['-c', code.curl!], {
        env: { PATH: process.env.PATH, COMPUT3_API_KEY: 'sk-any-key-works-on-the-mock' },
      });
      const expected = await replyText('hermes4:70b', [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: "What's SSE?" },
      ]);
      expect(JSON.parse(stdout).choices[0].message.content).toBe(expected);
      // …which is what the page's Copy gives.
      await page.keyboard.press('Escape');
      await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
      await lastAnswer(page).locator('[data-testid="copy"]').click();
      expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(expected);
    } finally {
      await live.close();
    }
  });

  test('offline, each snippet runs as pasted: the CLI with --offline, curl through the relay', async () => {
    const page = await s.page();
    await page.fill('#system', '- Be brief.');
    await ask(page, 'hello there');
    await settled(page);
    await lastAnswer(page).locator('[data-testid="view-code"]').click();
    await page.click('[data-testid="code-cli"]');
    expect(await page.textContent('[data-testid="code-text"]')).toBe(
      "comput3 --offline -m hermes4:70b --temperature 0.7 '--system=- Be brief.' --no-save -- 'hello there'\n",
    );
    await page.click('[data-testid="code-curl"]');
    const curl = (await page.textContent('[data-testid="code-text"]'))!;
    expect(curl).not.toContain('COMPUT3_API_KEY');
    expect(await page.textContent('#code-hint')).toContain('no key needed');
    // No key in the environment at all: it still answers, as the page did.
    const { stdout } = await promisify(execFile)('sh', ['-c', curl], {
      env: { PATH: process.env.PATH },
    });
    const text = stdout
      .split('\n')
      .filter((l) => l.startsWith('data: {'))
      .map((l) => JSON.parse(l.slice(6)).choices[0]?.delta?.content ?? '')
      .join('');
    expect(text).toBe(
      await replyText('hermes4:70b', [
        { role: 'system', content: '- Be brief.' },
        { role: 'user', content: 'hello there' },
      ]),
    );
    expect(stdout).toContain('data: [DONE]');
  });

  test('a longer conversation is shown whole: --messages for the CLI', async () => {
    const page = await s.page();
    await ask(page, 'one');
    await settled(page);
    await ask(page, 'two');
    await settled(page);
    await lastAnswer(page).locator('[data-testid="view-code"]').click();
    await page.click('[data-testid="code-cli"]');
    const cli = (await page.textContent('[data-testid="code-text"]'))!;
    const sent = JSON.parse(/--messages '(.*)'\n$/.exec(cli)![1]!.replace(/'\\''/g, "'"));
    expect(sent.map((m: { role: string }) => m.role)).toEqual(['user', 'assistant', 'user']);
  });
});
