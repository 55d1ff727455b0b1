import { defineConfig } from 'vitest/config';

// Vitest's own tests only: the node:test and Jest files beside them are run by their runners.
export default defineConfig({ test: { include: ['test/*.test.ts'] } });
