import { fileURLToPath } from 'node:url';
import type { NextConfig } from 'next';

const config: NextConfig = {
  // The dev server is opened at the address it prints, 127.0.0.1 (Next allows only localhost
  // to load its dev resources otherwise, and the page is dead).
  allowedDevOrigins: ['127.0.0.1'],
  // `next dev` writes AGENTS.md and upgrade notes into the project unless told not to: an
  // example should leave the checkout as it found it.
  agentRules: false,
  experimental: { agentUpgrade: false, agentFeedback: false },
  // The mock is a Node server with a tokenizer: loaded from node_modules, not bundled.
  serverExternalPackages: ['@comput3/mock'],
  // The workspace's packages live above this folder (a monorepo); an app of your own needs neither.
  turbopack: { root: fileURLToPath(new URL('../..', import.meta.url)) },
  outputFileTracingRoot: fileURLToPath(new URL('../..', import.meta.url)),
};

export default config;
