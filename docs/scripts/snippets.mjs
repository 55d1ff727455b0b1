// Every TypeScript and JavaScript block of the READMEs and the guides, extracted as it is
// written: no hand-made copy can drift from the page.
//
// A block is a module of its own. A fragment (a block with no `import` of its own, such as
// `const stream = await client.chat.completions.create(…)`) is preceded by its page's setup,
// written once per page in an HTML comment readers do not see:
//
//   <!-- snippet-setup
//   import { Comput3 } from '@comput3/core';
//   const client = new Comput3();
//   -->
//
// A comment just before a block can say more about it:
//   <!-- snippet: typecheck-only (why) -->   checked but not run (it needs the network, …)
//   <!-- snippet: prints TEXT -->            run, and its output must contain TEXT
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

export const ROOT = new URL('../../', import.meta.url).pathname;
const LANGUAGES = new Map([
  ['ts', 'ts'],
  ['typescript', 'ts'],
  ['tsx', 'tsx'],
  ['js', 'js'],
  ['javascript', 'js'],
  ['mjs', 'js'],
  ['cjs', 'cjs'],
]);

/** The Markdown files whose code is checked: every README, and the guides. */
export function pages() {
  const readmes = ['README.md'];
  for (const dir of ['packages', 'apps', 'examples']) {
    for (const name of readdirSync(join(ROOT, dir))) {
      const file = join(dir, name, 'README.md');
      if (exists(join(ROOT, file))) readmes.push(file);
    }
  }
  const guides = walk(join(ROOT, 'docs'))
    .filter((f) => f.endsWith('.md') && !/\/(reference|node_modules|\.vitepress)\//.test(f))
    .map((f) => relative(ROOT, f));
  return [...readmes, ...guides];
}

const exists = (file) => {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
};
const walk = (dir) =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? e.name === 'node_modules' || e.name.startsWith('.')
        ? []
        : walk(join(dir, e.name))
      : [join(dir, e.name)],
  );

/**
 * The snippets of one page, in order: `{ page, line, lang, body, code, run, prints }`. Line-based and
 * linear: a fence opens with ``` and a language at the start of a line and closes with ```.
 */
export function snippetsOf(page) {
  const text = readFileSync(join(ROOT, page), 'utf8');
  const lines = text.split('\n');
  const setup = /<!-- snippet-setup\n([\s\S]*?)-->/.exec(text)?.[1] ?? '';
  const found = [];
  let directive = '';
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const note = /^<!-- snippet: (.*) -->$/.exec(line);
    if (note) {
      directive = note[1];
      continue;
    }
    const open = /^```(\w+)\s*$/.exec(line);
    if (!open) {
      if (line.trim() !== '') directive = '';
      continue;
    }
    let end = i + 1;
    while (end < lines.length && !lines[end].startsWith('```')) end++;
    const lang = LANGUAGES.get(open[1]);
    if (lang) {
      const body = lines.slice(i + 1, end).join('\n');
      const complete = /^import /m.test(body);
      found.push({
        page,
        line: i + 1,
        lang,
        body,
        code: complete || !setup ? body : `${setup}\n${body}`,
        run: !directive.startsWith('typecheck-only'),
        prints: /^prints (.*)$/.exec(directive)?.[1],
      });
    }
    directive = '';
    i = end;
  }
  return found;
}

export const allSnippets = () => pages().flatMap(snippetsOf);
