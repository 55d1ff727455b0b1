// What "the last release" is, and which bumps the pending changesets ask for: shared by the
// changeset check and the spec's semver check.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

/** The published packages, by folder. */
export const PUBLISHED = {
  'packages/api': '@comput3/api',
  'packages/core': '@comput3/core',
  'packages/mock': '@comput3/mock',
  'packages/ai-sdk': '@comput3/ai-sdk',
  'packages/batch': '@comput3/batch',
  'apps/cli': '@comput3/cli',
};

/** The published packages that have types (the CLI is a program), by folder. */
export const LIBRARIES = Object.fromEntries(
  Object.entries(PUBLISHED).filter(([dir]) => dir.startsWith('packages/')),
);

/** The same, by package name: `{ '@comput3/api': 'packages/api', … }`. */
export const PACKAGE_DIRS = Object.fromEntries(
  Object.entries(PUBLISHED).map(([dir, name]) => [name, dir]),
);

export const git = (...args) => execFileSync('git', args, { encoding: 'utf8' }).trim();

/**
 * The last commit that changed a published package's version (what `changeset version` does);
 * before the first release, the first commit.
 */
export function lastRelease() {
  const manifests = Object.keys(PUBLISHED).map((dir) => `${dir}/package.json`);
  const commit = git(
    'log',
    '-1',
    '--format=%H',
    '--diff-filter=M',
    '-G',
    '"version":',
    '--',
    ...manifests,
  );
  const since = commit || git('rev-list', '--max-parents=0', 'HEAD').split('\n')[0];
  const label = `${since.slice(0, 10)} (${commit ? 'the last release' : 'the first commit: nothing released yet'})`;
  return { since, label };
}

const RANK = { patch: 1, minor: 2, major: 3 };
export const rank = (bump) => RANK[bump] ?? 0;

/** The largest bump each package gets from the pending changesets in `dir`. */
export function pendingBumps(dir = '.changeset') {
  const bumps = new Map();
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.md') && f !== 'README.md')) {
    const front = /^---\n([\s\S]*?)\n---/.exec(readFileSync(`${dir}/${file}`, 'utf8'))?.[1] ?? '';
    for (const m of front.matchAll(
      /^['"]?(@[\w-]+\/[\w-]+)['"]?\s*:\s*['"]?(major|minor|patch)/gm,
    )) {
      if (rank(m[2]) > rank(bumps.get(m[1]))) bumps.set(m[1], m[2]);
    }
  }
  return bumps;
}
