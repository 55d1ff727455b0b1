import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // One file at a time: each browser test starts a Chromium, and two at once on a 2-core
    // machine only slow each other down (the suite takes as long either way).
    fileParallelism: false,
    // Bounds, not margins: every wait is for an event on the page, and these only say when to
    // give up. A fresh-clone CI run beside two busy loops once took a test past 30 s.
    testTimeout: 120_000,
    // expect.poll waits for something to happen on the page: 1 s, its default, is too short on
    // a loaded 2-core machine.
    expect: { poll: { timeout: 60_000 } },
    hookTimeout: 120_000,
  },
});
