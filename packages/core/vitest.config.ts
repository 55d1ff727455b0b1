import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The tests run on Node, so the SDK as Node loads it: with the connection-failure reader.
    setupFiles: ['test/setup.ts'],
    typecheck: { include: ['test/**/*.test-d.ts'], tsconfig: './tsconfig.json' },
    testTimeout: 15_000,
    // The fault matrix measures the heap after forced collections.
    execArgv: ['--expose-gc'],
  },
});
