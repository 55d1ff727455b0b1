import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // One file at a time: each browser test starts a Chromium, and two at once on a 2-core
    // machine only slow each other down (the suite takes as long either way).
    fileParallelism: false,
    testTimeout: 30_000,
    // expect.poll waits for something to happen on the page: 1 s, its default, is too short on
    // a loaded 2-core machine.
    expect: { poll: { timeout: 15_000 } },
    hookTimeout: 30_000,
  },
});
