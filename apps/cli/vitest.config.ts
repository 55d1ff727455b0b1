import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    // expect.poll waits for something to happen (a first byte, a request closed): 1 s, its
    // default, is too short on a 2-core CI machine running the browser tests beside these.
    expect: { poll: { timeout: 15_000 } },
  },
});
