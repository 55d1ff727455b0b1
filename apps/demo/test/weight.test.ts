// The page's JavaScript, gzipped, within its budget: a chat page should not cost a download.
import { readdirSync, readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { describe, expect, test } from 'vitest';

const BUDGET = 80 * 1024;
const dist = new URL('../dist/client/', import.meta.url);

describe('weight', () => {
  test(`the page's JavaScript is at most ${BUDGET / 1024} kB gzipped`, () => {
    const scripts = [
      ...readdirSync(new URL('assets/', dist))
        .filter((f) => f.endsWith('.js'))
        .map((f) => `assets/${f}`),
      'theme.js',
    ];
    const html = readFileSync(new URL('index.html', dist), 'utf8');
    // Every script the page loads is counted (and nothing it loads is missed).
    for (const src of html.matchAll(/<script[^>]*src="\/?([^"]+)"/g))
      expect(scripts).toContain(src[1]);
    const gzipped = scripts.reduce(
      (n, f) => n + gzipSync(readFileSync(new URL(f, dist)), { level: 9 }).length,
      0,
    );
    expect(gzipped).toBeLessThanOrEqual(BUDGET);
    console.log(
      `page JavaScript: ${(gzipped / 1024).toFixed(1)} kB gzipped (budget ${BUDGET / 1024} kB)`,
    );
  });
});
