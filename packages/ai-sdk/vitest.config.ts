import { defineConfig } from 'vitest/config';

// AI_SDK=6 runs the same tests against `ai` 6 (installed as `ai-6`), on the Node it runs on;
// scripts/test.mjs runs both majors.
// compare.test.ts sets ours beside @ai-sdk/openai-compatible 3, a specification-v4 provider
// that `ai` 6 cannot load: it runs with `ai` 7 only.
const ai6 = process.env.AI_SDK === '6';
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ai6 ? ['test/compare.test.ts', '**/node_modules/**'] : ['**/node_modules/**'],
    testTimeout: 20_000,
  },
  resolve: ai6 ? { alias: { ai: 'ai-6' } } : {},
});
