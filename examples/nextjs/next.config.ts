import { fileURLToPath } from 'node:url';
import type { NextConfig } from 'next';

const config: NextConfig = {
  // The mock is a Node server with a tokenizer: loaded from node_modules, not bundled.
  serverExternalPackages: ['@comput3/mock'],
  // The workspace's packages live above this folder (a monorepo); an app of your own needs neither.
  turbopack: { root: fileURLToPath(new URL('../..', import.meta.url)) },
  outputFileTracingRoot: fileURLToPath(new URL('../..', import.meta.url)),
};

export default config;
