// Fails when a published package changed since the last release without a pending changeset
// that names it. (`changeset status --since` only checks that some changeset exists.)
// "The last release" is the last commit that changed a published package's version, which is
// what `changeset version` does; before the first release, the first commit. Tests and READMEs
// alone do not need a changeset.
import { git, lastRelease, pendingBumps, PUBLISHED } from './lib/release.mjs';

const { since, label } = lastRelease();
const covered = new Set(pendingBumps().keys());

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
const base = label;
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
