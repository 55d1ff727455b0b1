// The built site (`pnpm docs`; turbo builds it before this runs): every link and anchor in it
// resolves, the reference has a page for every export, and the screenshots are there.
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pathToFileURL } from 'node:url';
import { LinkChecker } from 'linkinator';
import MiniSearch from 'minisearch';
import { parse } from 'yaml';
import { searchOptions } from '../.vitepress/search.mjs';

const DIST = new URL('../.vitepress/dist/', import.meta.url).pathname;
// The base the site was built for (.vitepress/config.mts), without its slashes.
const BASE = (process.env.DOCS_BASE ?? '/comput3-toolkit/').replace(/^\/|\/$/g, '');

test('every link of the site resolves', { timeout: 300_000 }, async () => {
  // The site is built for /comput3-toolkit/ (GitHub Pages): serve it under that path.
  const root = mkdtempSync(join(tmpdir(), 'docs-site-'));
  symlinkSync(DIST, join(root, BASE));
  try {
    const broken = [];
    const result = await new LinkChecker()
      .on('link', (link) => {
        if (link.state === 'BROKEN')
          broken.push(`${link.url} (from ${link.parent}: ${link.status})`);
      })
      .check({
        // A folder, not index.html: linkinator only follows links under the path it starts from.
        path: `${BASE}/`,
        serverRoot: root,
        recurse: true,
        cleanUrls: true,
        concurrency: 8,
        // On a busy machine linkinator's own server can drop a connection (status 0); a link
        // that is broken answers 404, which is never retried.
        retryErrors: true,
        retryErrorsCount: 3,
        retryErrorsJitter: 500,
        // This machine has no internet: the site's own pages are checked, other sites are not.
        linksToSkip: async (url) => !/^http:\/\/localhost:\d+\//.test(url),
      });
    const checked = result.links.length;
    // Redoc's menu (the HTTP reference) renders its entries as href="/chat" and turns them into
    // client-side routes (#/chat) when its script runs, so those three are not links to follow.
    const REDOC_MENU = /^(\S*\/)?(chat|models)?\/? \(from \S*http-api\/index\.html: 404\)$/;
    const real = broken.filter((b) => !REDOC_MENU.test(b));
    assert.deepEqual(real, [], `${real.length} broken links of ${checked}`);
    assert.ok(checked > 300, `only ${checked} links checked`);
    console.log(`${checked} links checked, none broken`);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

// linkinator's checkFragments checks an anchor only if the page it points at had not been
// fetched yet when the link was found (it validates while fetching), so most are never checked
// on a site whose sidebar links every page early. The anchors are checked here instead, over
// the built HTML: every href="…#id" to a page of this site must name an id on that page.
test('every #anchor of the site points at an id on its page', () => {
  const html = pages(DIST);
  const ids = new Map(
    html.map((f) => [
      f,
      new Set([...readFileSync(f, 'utf8').matchAll(/\sid="([^"]+)"/g)].map((m) => m[1])),
    ]),
  );
  const target = (from, href) => {
    const path = href.startsWith(`/${BASE}/`)
      ? join(DIST, href.slice(BASE.length + 2))
      : join(dirname(from), href);
    for (const candidate of [path, `${path}.html`, join(path, 'index.html')])
      if (ids.has(candidate)) return candidate;
    return undefined;
  };
  const broken = [];
  let checked = 0;
  for (const file of html) {
    if (file.endsWith('http-api/index.html')) continue; // Redoc's own routes (#/chat)
    for (const [, href, fragment] of readFileSync(file, 'utf8').matchAll(
      /href="([^"#:]*)#([^"]+)"/g,
    )) {
      const page = href === '' ? file : target(file, href);
      if (!page) continue; // a missing page is the link check's to report
      checked++;
      if (!ids.get(page).has(decodeURIComponent(fragment)))
        broken.push(`${href}#${fragment} in ${file.slice(DIST.length)}`);
    }
  }
  assert.deepEqual(broken, [], `${broken.length} anchors of ${checked} point nowhere`);
  assert.ok(checked > 100, `only ${checked} anchors checked`);
  console.log(`${checked} anchors checked, none broken`);
});

const pages = (dir) =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? pages(join(dir, e.name))
      : e.name.endsWith('.html')
        ? [join(dir, e.name)]
        : [],
  );

test('the reference has a page per export of every published package, and the guides are built', () => {
  const reference = pages(join(DIST, 'reference')).filter((f) => !f.endsWith('index.html'));
  for (const pkg of ['api', 'core', 'mock', 'ai-sdk', 'batch']) {
    assert.ok(
      reference.some((f) => f.includes(`/@comput3/${pkg}/`)),
      `no pages for @comput3/${pkg}`,
    );
  }
  const comput3 = readFileSync(
    join(DIST, 'reference/@comput3/core/main/classes/Comput3.html'),
    'utf8',
  );
  assert.match(comput3, /Its options are checked once/);
  console.log(`${reference.length} exports with a reference page`);
  for (const guide of [
    'getting-started',
    'streaming',
    'errors-and-retries',
    'tools',
    'structured-output',
    'proxies',
    'testing',
    'migrating-from-openai',
    'cli',
    'releasing',
  ]) {
    assert.ok(statSync(join(DIST, `guide/${guide}.html`)).size > 0);
  }
  const http = readFileSync(join(DIST, 'http-api/index.html'), 'utf8');
  assert.match(http, /Comput3 API reference/);
  for (const operation of ['createChatCompletion', 'listModels'])
    assert.ok(http.includes(operation), operation);
});

test('the HTTP reference is pages of the site, written from the spec: every operation and schema', () => {
  const spec = parse(readFileSync(new URL('../../openapi/comput3.yaml', import.meta.url), 'utf8'));
  const overview = readFileSync(join(DIST, 'http/index.html'), 'utf8');
  // Inside the site: its navigation, and a way back to the guides.
  assert.match(overview, /class="VPNav/);
  assert.match(overview, /href="\/[^"]*guide\/getting-started"/);
  for (const [path, item] of Object.entries(spec.paths))
    for (const op of Object.values(item)) {
      const page = readFileSync(
        join(DIST, `http/${op.operationId.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}.html`),
        'utf8',
      );
      assert.ok(page.includes(path), `${op.operationId} names ${path}`);
      assert.ok(page.includes(op.summary), op.summary);
    }
  const schemas = readFileSync(join(DIST, 'http/schemas.html'), 'utf8');
  for (const name of Object.keys(spec.components.schemas))
    assert.match(schemas, new RegExp(`<h2 id="${name.toLowerCase()}"`), name);
  // A field added to the spec is on the page: the request's own fields, each with its description.
  for (const field of Object.keys(spec.components.schemas.ChatCompletionRequest.properties))
    assert.ok(schemas.includes(`<code>${field}</code>`), field);
});

test('search ranks a guide before the reference entries: "retry" finds "Errors and retries" first', async () => {
  const chunks = join(DIST, 'assets/chunks');
  const file = readdirSync(chunks).find((f) => f.startsWith('@localSearchIndexroot'));
  assert.ok(file, 'the local search index was built');
  const { default: index } = await import(pathToFileURL(join(chunks, file)).href);
  // As the site's search box loads it (VitePress's VPLocalSearchBox), with the site's options.
  const search = MiniSearch.loadJSON(index, {
    fields: ['title', 'titles', 'text'],
    storeFields: ['title', 'titles'],
    searchOptions: {
      fuzzy: 0.2,
      prefix: true,
      boost: { title: 4, text: 2, titles: 1 },
      ...searchOptions,
    },
  });
  for (const [query, guide] of [
    ['retry', '/guide/errors-and-retries'],
    ['streaming', '/guide/streaming'],
    ['mock', '/guide/testing'],
  ]) {
    const [first] = search.search(query);
    assert.ok(first?.id.includes(guide), `"${query}" finds ${first?.id} first, not ${guide}`);
  }
});

test('the screenshots were made, light and dark differ', () => {
  for (const app of ['demo', 'cli']) {
    const light = readFileSync(join(DIST, `screenshots/${app}-light.png`));
    const dark = readFileSync(join(DIST, `screenshots/${app}-dark.png`));
    assert.ok(light.length > 10_000 && dark.length > 10_000, `${app} screenshots are empty`);
    assert.notDeepEqual(light, dark);
  }
});
