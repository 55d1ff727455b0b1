// Fails when a published package changed since the last release without a pending changeset
// that names it. (`changeset status --since` only checks that some changeset exists.)
// "The last release" is the last commit that changed a published package's version, which is
// what `changeset version` does; before the first release, the first commit. Tests and READMEs
// alone do not need a changeset.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

const PUBLISHED = {
  'packages/api': '@comput3/api',
  'packages/core': '@comput3/core',
  'packages/mock': '@comput3/mock',
  'apps/cli': '@comput3/cli',
};
const git = (...args) => execFileSync('git', args, { encoding: 'utf8' }).trim();

const manifests = Object.keys(PUBLISHED).map((dir) => `${dir}/package.json`);
const lastRelease = git(
  'log',
  '-1',
  '--format=%H',
  '--diff-filter=M',
  '-G',
  '"version":',
  '--',
  ...manifests,
);
const since = lastRelease || git('rev-list', '--max-parents=0', 'HEAD').split('\n')[0];

const covered = new Set();
for (const file of readdirSync('.changeset').filter(
  (f) => f.endsWith('.md') && f !== 'README.md',
)) {
  const front = /^---\n([\s\S]*?)\n---/.exec(readFileSync(`.changeset/${file}`, 'utf8'))?.[1] ?? '';
  for (const m of front.matchAll(/^['"]?(@[\w-]+\/[\w-]+)['"]?\s*:/gm)) covered.add(m[1]);
}

const ignored = (path) => /(^|\/)(test|bench)\/|\.test(-d)?\.ts$|README\.md$/.test(path);
const missing = [];
for (const [dir, name] of Object.entries(PUBLISHED)) {
  const changed = git('diff', '--name-only', since, '--', dir)
    .split('\n')
    .filter((p) => p && !ignored(p));
  if (changed.length && !covered.has(name))
    missing.push(
      `${name} (${changed.length} file${changed.length > 1 ? 's' : ''}, e.g. ${changed[0]})`,
    );
}
const base = `${since.slice(0, 10)} (${lastRelease ? 'the last release' : 'the first commit: nothing released yet'})`;
if (missing.length) {
  console.error(
    `check-changesets: changed since ${base} with no pending changeset:\n  ${missing.join('\n  ')}`,
  );
  console.error(
    'Add one with `pnpm changeset` (pick the changed packages, describe the change for users).',
  );
  process.exit(1);
}
console.log(
  `check-changesets: every published package changed since ${base} has a pending changeset (${[...covered].join(', ') || 'none needed'}).`,
);
