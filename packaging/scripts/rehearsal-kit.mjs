// What the release rehearsal and its spec-loop steps share: a scratch copy of the repository
// and a consumer project in a throwaway folder, and the commands run in them.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PACKAGE_DIRS as PUBLISHED } from '../../scripts/lib/release.mjs';

export const RANK = { patch: 1, minor: 2, major: 3 };

/** Which part of a semver version changed: 'major', 'minor', 'patch' or 'none'. */
export function bumpOf(before, after) {
  const [a, b] = [before, after].map((v) => v.split('.').map(Number));
  return a[0] !== b[0] ? 'major' : a[1] !== b[1] ? 'minor' : a[2] !== b[2] ? 'patch' : 'none';
}

/** Runs `fn`, which must fail; returns what it printed. */
export function failing(what, fn) {
  try {
    fn();
  } catch (error) {
    if (!error.status) throw error;
    return `${error.stdout ?? ''}${error.stderr ?? ''}`;
  }
  throw new Error(`${what} passed, and should have failed`);
}

/** A fresh work folder: `scratch` (the repository's copy), `consumer`, and their commands. */
export function rehearsalKit() {
  const root = new URL('../../', import.meta.url).pathname;
  const work = mkdtempSync(join(tmpdir(), 'comput3-release-'));
  const scratch = join(work, 'repo');
  const consumer = join(work, 'consumer');
  const quiet = {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    maxBuffer: 64 * 1024 * 1024,
  };
  const run = (cmd, args, options = {}) => execFileSync(cmd, args, { ...quiet, ...options });
  // pnpm as the test command runs it: the running pnpm when there is one, else the pinned one.
  const execpath = process.env.npm_execpath ?? '';
  const pnpm = (args, options = {}) =>
    /pnpm/.test(execpath)
      ? run(process.execPath, [execpath, ...args], { cwd: scratch, ...options })
      : run('npx', ['-y', 'pnpm@10.34.9', ...args], { cwd: scratch, ...options });
  const versionOf = (name) =>
    JSON.parse(readFileSync(join(scratch, PUBLISHED[name], 'package.json'), 'utf8')).version;
  return {
    root,
    work,
    scratch,
    consumer,
    run,
    pnpm,
    node: (args) => run(process.execPath, args, { cwd: scratch }),
    git: (...args) =>
      run('git', ['-c', 'user.name=rehearsal', '-c', 'user.email=r@localhost', ...args], {
        cwd: scratch,
      }),
    versionOf,
    versions: () => Object.fromEntries(Object.keys(PUBLISHED).map((n) => [n, versionOf(n)])),
    installed: (name) =>
      JSON.parse(readFileSync(join(consumer, 'node_modules', name, 'package.json'), 'utf8'))
        .version,
    changeset: (file, bumps, text) =>
      writeFileSync(
        join(scratch, '.changeset', file),
        `---\n${Object.entries(bumps)
          .map(([n, b]) => `'${n}': ${b}`)
          .join('\n')}\n---\n\n${text}\n`,
      ),
  };
}
