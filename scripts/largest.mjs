// The largest source files and functions of the published packages and the apps, for a
// reviewer's "where would a newcomer get lost" (`node scripts/largest.mjs [count]`). Generated
// code is left out. Functions are measured by their lines, nested ones on their own too.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';

const root = new URL('..', import.meta.url).pathname;
const count = Number(process.argv[2] ?? 10);
const roots = ['packages', 'apps'].flatMap((dir) =>
  readdirSync(join(root, dir)).map((name) => join(root, dir, name)),
);

function* sources(dir) {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'dist' || name === 'generated') continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* sources(path);
    else if (/\.tsx?$/.test(name) && !name.endsWith('.d.ts')) yield path;
  }
}

const files = [];
const functions = [];
for (const pkg of roots) {
  for (const sub of ['src', 'client', 'server']) {
    let dir;
    try {
      dir = statSync(join(pkg, sub)).isDirectory() ? join(pkg, sub) : undefined;
    } catch {
      continue;
    }
    if (!dir) continue;
    for (const path of sources(dir)) {
      const text = readFileSync(path, 'utf8');
      const name = relative(root, path);
      files.push({ name, lines: text.split('\n').length });
      const source = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true);
      const lineOf = (pos) => source.getLineAndCharacterOfPosition(pos).line;
      const visit = (node) => {
        if (ts.isFunctionLike(node) && 'body' in node && node.body) {
          const lines = lineOf(node.end) - lineOf(node.getStart(source)) + 1;
          const label =
            node.name?.getText(source) ??
            (ts.isVariableDeclaration(node.parent)
              ? node.parent.name.getText(source)
              : undefined) ??
            (ts.isPropertyAssignment(node.parent)
              ? node.parent.name.getText(source)
              : '(anonymous)');
          functions.push({ name: `${name}:${lineOf(node.getStart(source)) + 1} ${label}`, lines });
        }
        ts.forEachChild(node, visit);
      };
      visit(source);
    }
  }
}

const top = (list) =>
  list
    .sort((a, b) => b.lines - a.lines)
    .slice(0, count)
    .map((e) => `${String(e.lines).padStart(5)}  ${e.name}`)
    .join('\n');
console.log(
  `Largest files (lines):\n${top(files)}\n\nLargest functions (lines):\n${top(functions)}`,
);
