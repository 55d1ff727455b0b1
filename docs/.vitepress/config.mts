import { readFileSync } from 'node:fs';
import { defineConfig } from 'vitepress';
import { httpReference } from '../scripts/http-reference.mjs';
import { searchOptions } from './search.mjs';

// TypeDoc writes the reference's sidebar beside its pages (typedoc-vitepress-theme).
const reference = JSON.parse(
  readFileSync(new URL('../reference/typedoc-sidebar.json', import.meta.url), 'utf8'),
);

// The HTTP reference's pages, written from the spec now, before VitePress looks for pages.
const http = httpReference();

const guides = [
  ['Getting started', 'getting-started'],
  ['Streaming', 'streaming'],
  ['Errors and retries', 'errors-and-retries'],
  ['Tools', 'tools'],
  ['Structured output', 'structured-output'],
  ['Proxies and private CAs', 'proxies'],
  ['Testing with the mock', 'testing'],
  ['Testing your app with recorded answers', 'recorded-answers'],
  ['Migrating from openai', 'migrating-from-openai'],
  ['The CLI', 'cli'],
  ['Changing the spec', 'changing-the-spec'],
  ['Releasing', 'releasing'],
];

export default defineConfig({
  title: 'Comput3 TypeScript toolkit',
  description: 'The typed SDK, CLI, mock server and AI SDK provider for the Comput3 API.',
  // GitHub Pages serves a project site under /<repository>/; DOCS_BASE overrides it.
  base: process.env.DOCS_BASE ?? '/comput3-toolkit/',
  cleanUrls: true,
  lastUpdated: false,
  // The guides mark CommonJS blocks `cjs`, so the snippet check runs them as CommonJS.
  markdown: {
    languageAlias: { cjs: 'js' },
    // Inline code is shown as written: `{{text}}` (a batch template) is not a Vue binding.
    // VitePress does this for fenced blocks only.
    config(md) {
      const inline = md.renderer.rules.code_inline!;
      md.renderer.rules.code_inline = (...args) => inline(...args).replace('<code', '<code v-pre');
    },
  },
  // The one chunk past Vite's 500 kB warning is the local search index (every guide and reference
  // page), which is loaded only when the search box opens.
  vite: { build: { chunkSizeWarningLimit: 800 } },
  srcExclude: ['**/README.md', 'test/**', 'scripts/**'],
  themeConfig: {
    nav: [
      { text: 'Guides', link: '/guide/getting-started' },
      { text: 'SDK reference', link: '/reference/' },
      { text: 'HTTP API', link: '/http/' },
      { text: 'Examples', link: '/examples' },
    ],
    sidebar: {
      '/guide/': [
        { text: 'Guides', items: guides.map(([text, slug]) => ({ text, link: `/guide/${slug}` })) },
      ],
      '/reference/': [{ text: 'SDK reference', link: '/reference/', items: reference }],
      '/http/': [{ text: 'HTTP API', items: http }],
    },
    search: { provider: 'local', options: { miniSearch: { searchOptions } } },
    outline: [2, 3],
    socialLinks: [{ icon: 'github', link: 'https://github.com/comput3/comput3-toolkit' }],
    footer: {
      message:
        'MIT licensed. Built from the source by <code>pnpm run docs</code>; <code>pnpm run docs:preview</code> serves it as it will be published.',
    },
  },
});
