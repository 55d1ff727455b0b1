import { defineConfig } from 'vitest/config';

// `pnpm bench`'s browser measures (timings: never part of the tests).
export default defineConfig({
  test: { include: ['bench/**/*.test.ts'], testTimeout: 60_000, hookTimeout: 30_000 },
});
