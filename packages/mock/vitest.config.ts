import { defineConfig } from 'vitest/config';

export default defineConfig({
  // `#cl100k` (package.json `imports`) is the source here, the built file in a package.
  resolve: { conditions: ['comput3-source'] },
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 15_000,
  },
});
