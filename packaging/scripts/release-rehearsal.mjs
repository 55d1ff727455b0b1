// The release, rehearsed against a real registry (Verdaccio on loopback), on a scratch copy of
// the repository, with the spec loop replayed through it end to end:
//  1. `pnpm version-packages` and `pnpm release` as the release workflow runs them, with the
//     pending changesets only (the versions a real release would produce); both run
//     `release:verify`, the drift checks and the tests of what they publish;
//  2. the published manifests and tarballs; a fresh consumer installs @comput3/core,
//     @comput3/api, @comput3/mock and @comput3/cli from the registry, compiles strictly, runs;
//  3. three spec changes, each as a maintainer makes it (spec-changes.mjs): edit the spec,
//     `pnpm generate`, `pnpm api-report`, the checks (which say what each package needs), a
//     changeset with exactly that, then versioned and published; the consumer sees it with
//     `npm outdated` and takes it with `npm update`, or, for a breaking change, is given a
//     version its range does not take, and compiles either way:
//       (a) an optional request field and an optional response field: patches, no hand edit;
//       (b) a new operation: patches; the consumer calls it, typed, and the mock serves it;
//       (c) a renamed field: a patch for core is refused, naming the type; minor bumps pass;
//           its publish meets a registry that refuses @comput3/mock (a publish that fails
//           half-way says so; a re-run publishes the rest);
//  4. a published package whose test fails: `pnpm release` refuses, and publishes nothing.
// Steps 3 and 4 version and publish with the changesets commands themselves (`changeset
// version`, a build, `changeset publish`): `release:verify` would run every published test
// again after each spec change (minutes each); step 1 and step 4 run it for real.
// Prints one line per check and "N passed, N failed"; the registry is always stopped.
import { execFileSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startRegistry } from './registry.mjs';
import { checks } from './report.mjs';
import { addFields, addOperation, renameField } from './spec-changes.mjs';
import { PACKAGE_DIRS as PUBLISHED } from '../../scripts/lib/release.mjs';

const root = new URL('../../', import.meta.url).pathname;
const work = mkdtempSync(join(tmpdir(), 'comput3-release-'));
const scratch = join(work, 'repo');
const consumer = join(work, 'consumer');
const quiet = { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 * 1024 * 1024 };
const run = (cmd, args, options = {}) => execFileSync(cmd, args, { ...quiet, ...options });
// pnpm as the test command runs it: the running pnpm when there is one, else the pinned one.
const execpath = process.env.npm_execpath ?? '';
const pnpm = (args, options = {}) =>
  /pnpm/.test(execpath)
    ? run(process.execPath, [execpath, ...args], { cwd: scratch, ...options })
    : run('npx', ['-y', 'pnpm@10.34.9', ...args], { cwd: scratch, ...options });
const node = (args) => run(process.execPath, args, { cwd: scratch });
const git = (...args) =>
  run('git', ['-c', 'user.name=rehearsal', '-c', 'user.email=r@localhost', ...args], {
    cwd: scratch,
  });
/** Runs `fn`, which must fail; returns what it printed. */
function failing(what, fn) {
  try {
    fn();
  } catch (error) {
    if (!error.status) throw error;
    return `${error.stdout ?? ''}${error.stderr ?? ''}`;
  }
  throw new Error(`${what} passed, and should have failed`);
}

const { check, stopped, summary } = checks({ stopAtFirstFailure: true });

const versionOf = (name) =>
  JSON.parse(readFileSync(join(scratch, PUBLISHED[name], 'package.json'), 'utf8')).version;
const versions = () => Object.fromEntries(Object.keys(PUBLISHED).map((n) => [n, versionOf(n)]));
const installed = (name) =>
  JSON.parse(readFileSync(join(consumer, 'node_modules', name, 'package.json'), 'utf8')).version;
const changeset = (file, bumps, text) =>
  writeFileSync(
    join(scratch, '.changeset', file),
    `---\n${Object.entries(bumps)
      .map(([n, b]) => `'${n}': ${b}`)
      .join('\n')}\n---\n\n${text}\n`,
  );
const RANK = { patch: 1, minor: 2, major: 3 };
/** Which part of a semver version changed: 'major', 'minor' or 'patch'. */
function bumpOf(before, after) {
  const [a, b] = [before, after].map((v) => v.split('.').map(Number));
  return a[0] !== b[0] ? 'major' : a[1] !== b[1] ? 'minor' : a[2] !== b[2] ? 'patch' : 'none';
}

let registry = await startRegistry();
try {
  const token = await registry.token();
  const npmrc = (url) => `@comput3:registry=${url}\n//${new URL(url).host}/:_authToken=${token}\n`;
  const tsc = () => run(join(consumer, 'node_modules/.bin/tsc'), ['-p', '.'], { cwd: consumer });
  const consumerRun = (file) => run(process.execPath, [`out/${file}`], { cwd: consumer }).trim();

  await check('scratch copy of the repository, installed offline from the store', () => {
    mkdirSync(scratch, { recursive: true });
    const files = run('git', ['ls-files', '-z'], { cwd: root }).split('\0').filter(Boolean);
    for (const file of files) cpSync(join(root, file), join(scratch, file), { recursive: true });
    git('init', '-q');
    git('add', '-A');
    git('commit', '-qm', 'scratch');
    writeFileSync(join(scratch, '.npmrc'), npmrc(registry.url));
    pnpm(['install', '--offline', '--frozen-lockfile']);
    return `${files.length} files`;
  });

  await check(
    'pnpm version-packages: the pending changesets only, internal ranges, a CHANGELOG per package, release:verify after',
    () => {
      pnpm(['version-packages']);
      for (const [name, dir] of Object.entries(PUBLISHED)) {
        if (!existsSync(join(scratch, dir, 'CHANGELOG.md')))
          throw new Error(`no CHANGELOG.md for ${name}`);
      }
      return Object.entries(versions())
        .map(([n, v]) => `${n}@${v}`)
        .join(', ');
    },
  );

  await check('pnpm release (release:verify, then publish) publishes every package', () => {
    pnpm(['release']);
    for (const [name, version] of Object.entries(versions())) {
      run('npm', ['view', `${name}@${version}`, 'version', `--registry=${registry.url}`]);
    }
    git('add', '-A');
    git('commit', '-qm', 'Version packages');
    return 'all versions found';
  });

  await check(
    'published manifests: no workspace: ranges, internal dependencies at the released versions, the fields',
    async () => {
      for (const name of Object.keys(PUBLISHED)) {
        const manifest = JSON.parse(
          run('npm', [
            'view',
            `${name}@${versionOf(name)}`,
            '--json',
            `--registry=${registry.url}`,
          ]),
        );
        // The CLI is a program: a bin, and no importable entry point.
        const entry = name === '@comput3/cli' ? 'bin' : 'exports';
        for (const field of [entry, 'engines', 'repository', 'license']) {
          if (!manifest[field]) throw new Error(`${name}: no "${field}" in the published manifest`);
        }
        if (name !== '@comput3/cli' && !manifest.types) throw new Error(`${name}: no "types"`);
        for (const [dep, range] of Object.entries({
          ...manifest.dependencies,
          ...manifest.peerDependencies,
        })) {
          if (String(range).startsWith('workspace:'))
            throw new Error(`${name}: ${dep} is ${range}`);
          if (dep in PUBLISHED && !String(range).includes(versionOf(dep))) {
            throw new Error(
              `${name}: ${dep} is ${range}, not the version just released (${versionOf(dep)})`,
            );
          }
        }
      }
      return 'ok';
    },
  );

  await check('tarballs hold what "files" says: no tests, no source maps pointing nowhere', () => {
    const packs = join(work, 'packs');
    mkdirSync(packs, { recursive: true });
    for (const name of Object.keys(PUBLISHED)) {
      const file = run(
        'npm',
        [
          'pack',
          `${name}@${versionOf(name)}`,
          `--registry=${registry.url}`,
          '--pack-destination',
          packs,
        ],
        { cwd: packs },
      )
        .trim()
        .split('\n')
        .pop();
      const entries = run('tar', ['-tzf', join(packs, file)])
        .split('\n')
        .filter(Boolean);
      const bad = entries.find((e) => /\/test\/|\.test\.|\.test-d\./.test(e));
      if (bad) throw new Error(`${name} ships ${bad}`);
      for (const map of entries.filter((e) => e.endsWith('.map'))) {
        const dir = map.slice(0, map.lastIndexOf('/'));
        const json = JSON.parse(run('tar', ['-xzOf', join(packs, file), map]));
        for (const source of json.sources) {
          const target = new URL(source, `file:///${dir}/`).pathname.slice(1);
          if (!entries.includes(target))
            throw new Error(`${name}: ${map} points at ${target}, which is not in the tarball`);
        }
      }
    }
    return 'ok';
  });

  await check(
    'a fresh consumer installs from the registry, compiles strictly and runs',
    async () => {
      mkdirSync(consumer, { recursive: true });
      writeFileSync(join(consumer, '.npmrc'), npmrc(registry.url));
      writeFileSync(
        join(consumer, 'package.json'),
        JSON.stringify({ name: 'consumer', private: true, type: 'module' }, null, 2),
      );
      run(
        'npm',
        [
          'install',
          '--no-audit',
          '--no-fund',
          '@comput3/core',
          '@comput3/api',
          '@comput3/cli',
          '@comput3/mock',
          'typescript@5.9.3',
          // @comput3/mock is a Node server: its types need Node's (@comput3/core's need none).
          '@types/node@22',
        ],
        { cwd: consumer },
      );
      writeFileSync(
        join(consumer, 'app.ts'),
        `import { Comput3 } from '@comput3/core';
import { startMockServer } from '@comput3/mock';
const mock = await startMockServer();
const client = new Comput3({ apiKey: 'rehearsal', baseURL: mock.url });
const answer = await client.chat.completions.create({ model: 'kimi-k2', messages: [{ role: 'user', content: 'hi' }] });
const [model] = await client.models.list();
console.log(answer.choices[0]?.message.content?.split('\\n')[0], model?.owned_by);
await mock.close();
`,
      );
      writeFileSync(
        join(consumer, 'tsconfig.json'),
        JSON.stringify({
          compilerOptions: {
            strict: true,
            module: 'nodenext',
            moduleResolution: 'nodenext',
            target: 'es2022',
            lib: ['es2022', 'dom'],
            types: ['node'],
            outDir: 'out',
            skipLibCheck: false,
          },
        }),
      );
      tsc();
      const printed = consumerRun('app.js');
      if (!printed.startsWith('*Offline mock of kimi-k2') || !printed.endsWith(' comput3'))
        throw new Error(`unexpected answer: ${printed}`);
      const cli = run(
        join(consumer, 'node_modules/.bin/comput3'),
        ['--offline', '--no-save', 'hello'],
        {
          cwd: consumer,
          env: {
            ...process.env,
            COMPUT3_OFFLINE_PACE: 'instant',
            XDG_DATA_HOME: join(work, 'xdg'),
          },
        },
      );
      if (!cli.startsWith('*Offline mock of hermes4:70b'))
        throw new Error(`unexpected CLI answer: ${cli}`);
      return `core ${installed('@comput3/core')}, api ${installed('@comput3/api')}`;
    },
  );

  /**
   * A spec change as a maintainer makes it: edit, generate, report; the checks say what each
   * package needs (`give` may first offer less, which must be refused, naming `refusedFor`);
   * a changeset with what they ask; the checks pass; versioned, built and published. Returns
   * the bumps asked for and the versions before and after.
   */
  function specChange({ edit, label, wrong, refusedFor }) {
    const specFile = join(scratch, 'openapi/comput3.yaml');
    writeFileSync(specFile, edit(readFileSync(specFile, 'utf8')));
    pnpm(['generate', '--output-logs=errors-only']);
    pnpm(['--filter', '@comput3/api', 'lint']);
    pnpm(['api-report']);
    const unversioned = failing('check:changesets with no changeset', () =>
      pnpm(['check:changesets']),
    );
    if (!unversioned.includes('@comput3/api'))
      throw new Error(`check:changesets does not name @comput3/api:\n${unversioned}`);
    if (wrong) {
      changeset('wrong.md', wrong, `${label} (too small a bump).`);
      const refused = failing('type-semver with too small a bump', () =>
        node(['scripts/type-semver.mjs']),
      );
      if (!refusedFor.every((text) => refused.includes(text)))
        throw new Error(
          `type-semver's refusal does not name ${refusedFor.join(', ')}:\n${refused}`,
        );
      rmSync(join(scratch, '.changeset/wrong.md'));
    }
    const asked = {};
    for (const { name, needed } of JSON.parse(node(['scripts/type-semver.mjs', '--json']))) {
      if (needed) asked[name] = needed;
    }
    changeset('spec-change.md', asked, label);
    for (const script of ['check:generated', 'check:changesets', 'check:spec-semver'])
      pnpm([script]);
    node(['scripts/api-report.mjs', '--check']);
    node(['scripts/type-semver.mjs']);
    git('add', '-A');
    git('commit', '-qm', label);
    const before = versions();
    pnpm(['exec', 'changeset', 'version']);
    pnpm(['install', '--lockfile-only', '--offline']);
    // Built after the bump: the OpenTelemetry scope carries the new version.
    pnpm([
      'exec',
      'turbo',
      'run',
      'build',
      '--filter=./packages/*',
      '--filter=@comput3/cli',
      '--output-logs=errors-only',
    ]);
    const after = versions();
    return { asked, before, after };
  }

  /** Publishes what `changeset version` made, and commits it as the release it is. */
  function publish() {
    pnpm(['exec', 'changeset', 'publish']);
    git('add', '-A');
    git('commit', '-qm', 'Version packages');
  }

  /** A compatible change: the checks asked for nothing above a patch. */
  const onlyPatches = ({ asked }) => {
    for (const [name, bump] of Object.entries(asked)) {
      if (RANK[bump] > RANK.patch) throw new Error(`${name} was asked for a ${bump} bump`);
    }
  };

  const describeBumps = ({ before, after }) =>
    Object.keys(after)
      .filter((n) => before[n] !== after[n])
      .map((n) => `${n} ${before[n]} → ${after[n]}`)
      .join(', ');

  await check(
    '(a) an optional request field and response field: patches, published; npm update takes them; the consumer uses both',
    () => {
      const change = specChange({ edit: addFields, label: 'Spec: seed and system_fingerprint.' });
      onlyPatches(change);
      if (bumpOf(change.before['@comput3/core'], change.after['@comput3/core']) !== 'patch')
        throw new Error(
          `core went ${change.before['@comput3/core']} → ${change.after['@comput3/core']}`,
        );
      publish();
      let outdated = '';
      try {
        run('npm', ['outdated', '--json'], { cwd: consumer });
      } catch (error) {
        outdated = error.stdout; // exit code 1 means "something is outdated"
      }
      if (JSON.parse(outdated || '{}')['@comput3/core']?.latest !== change.after['@comput3/core'])
        throw new Error(`npm outdated did not report the new @comput3/core: ${outdated}`);
      run('npm', ['update', '--no-audit', '--no-fund'], { cwd: consumer });
      for (const name of ['@comput3/core', '@comput3/api', '@comput3/mock']) {
        if (installed(name) !== change.after[name])
          throw new Error(
            `npm update left ${name} at ${installed(name)}, not ${change.after[name]}`,
          );
      }
      writeFileSync(
        join(consumer, 'fields.ts'),
        `import { Comput3, Comput3ValidationError } from '@comput3/core';
import { startMockServer } from '@comput3/mock';
const mock = await startMockServer();
const client = new Comput3({ apiKey: 'rehearsal', baseURL: mock.url });
const messages = [{ role: 'user' as const, content: 'hi' }];
const answer = await client.chat.completions.create({ model: 'kimi-k2', messages, seed: 7 });
const refused = await client.chat.completions
  .create({ model: 'kimi-k2', messages, seed: -1 })
  .catch((e: unknown) => (e instanceof Comput3ValidationError ? e.field : 'not refused'));
console.log(answer.system_fingerprint, refused);
await mock.close();
`,
      );
      tsc();
      const printed = consumerRun('fields.js');
      if (printed !== 'fp_comput3 seed') throw new Error(`fields.js printed ${printed}`);
      return `${describeBumps(change)}; checks asked ${JSON.stringify(change.asked)}`;
    },
  );

  await check(
    '(b) a new operation: published; the consumer calls POST /completions, typed, and the mock serves it',
    () => {
      const change = specChange({ edit: addOperation, label: 'Spec: POST /completions.' });
      onlyPatches(change);
      publish();
      run('npm', ['update', '--no-audit', '--no-fund'], { cwd: consumer });
      if (installed('@comput3/core') !== change.after['@comput3/core'])
        throw new Error(`npm update left @comput3/core at ${installed('@comput3/core')}`);
      writeFileSync(
        join(consumer, 'operation.ts'),
        `import type { Completion } from '@comput3/api';
import { Comput3 } from '@comput3/core';
import { request } from '@comput3/core/operations';
import { startMockServer } from '@comput3/mock';
const mock = await startMockServer();
const client = new Comput3({ apiKey: 'rehearsal', baseURL: mock.url });
const completion: Completion = await request(client, 'post', '/completions', {
  body: { model: 'kimi-k2', prompt: 'Once upon a time' },
});
console.log(completion.object, typeof completion.choices[0]?.text);
await mock.close();
`,
      );
      tsc();
      const printed = consumerRun('operation.js');
      if (printed !== 'text_completion string') throw new Error(`operation.js printed ${printed}`);
      return describeBumps(change);
    },
  );

  await check(
    '(c) a renamed field: a patch for core is refused naming the type; minor bumps; a half-way publish is re-run; the consumer is not moved and compiles',
    async () => {
      const change = specChange({
        edit: renameField,
        label: 'Spec: Model.owned_by is now owner.',
        wrong: { '@comput3/api': 'minor', '@comput3/core': 'patch' },
        refusedFor: ['@comput3/core needs a minor bump', 'Model.owned_by'],
      });
      for (const name of ['@comput3/api', '@comput3/core']) {
        if (change.asked[name] !== 'minor')
          throw new Error(`${name} was asked for ${change.asked[name]}, not minor`);
        if (bumpOf(change.before[name], change.after[name]) !== 'minor')
          throw new Error(`${name} went ${change.before[name]} → ${change.after[name]}`);
      }
      // The registry refuses the mock (which the new api bumps too): the publish fails half-way
      // and says so.
      if (change.before['@comput3/mock'] === change.after['@comput3/mock'])
        throw new Error('the mock was not versioned with the api it depends on');
      await registry.close();
      registry = await startRegistry({ dir: registry.dir, refuse: ['@comput3/mock'] });
      writeFileSync(join(scratch, '.npmrc'), npmrc(registry.url));
      const report = failing('a publish the registry half refuses', () =>
        pnpm(['exec', 'changeset', 'publish']),
      );
      if (!/@comput3\/mock/.test(report))
        throw new Error(`the failure does not name @comput3/mock:\n${report.slice(-800)}`);
      run('npm', [
        'view',
        `@comput3/core@${change.after['@comput3/core']}`,
        'version',
        `--registry=${registry.url}`,
      ]);
      await registry.close();
      registry = await startRegistry({ dir: registry.dir });
      writeFileSync(join(scratch, '.npmrc'), npmrc(registry.url));
      writeFileSync(join(consumer, '.npmrc'), npmrc(registry.url));
      publish();
      run('npm', [
        'view',
        `@comput3/mock@${change.after['@comput3/mock']}`,
        'version',
        `--registry=${registry.url}`,
      ]);
      const was = installed('@comput3/core');
      run('npm', ['update', '--no-audit', '--no-fund'], { cwd: consumer });
      if (installed('@comput3/core') !== was)
        throw new Error(
          `npm update moved @comput3/core ${was} → ${installed('@comput3/core')} across a breaking change`,
        );
      tsc(); // app.ts still reads model.owned_by: it compiles, on the version it has
      return `${describeBumps(change)}; the consumer stays on core ${was}`;
    },
  );

  await check(
    'a published package whose test fails: pnpm release refuses and publishes nothing',
    () => {
      writeFileSync(
        join(scratch, 'packages/api/test/release-gate.test.ts'),
        `import { expect, test } from 'vitest';\n// Written by the release rehearsal: a failing test must stop a release.\ntest('fails', () => expect('published').toBe('refused'));\n`,
      );
      changeset('gate.md', { '@comput3/api': 'patch' }, 'Release gate.');
      pnpm(['exec', 'changeset', 'version']);
      const next = versionOf('@comput3/api');
      const output = failing('pnpm release with a failing test', () => pnpm(['release']));
      if (!/@comput3\/api#test/.test(output))
        throw new Error(`the failure does not name @comput3/api#test:\n${output.slice(-800)}`);
      try {
        run('npm', ['view', `@comput3/api@${next}`, 'version', `--registry=${registry.url}`]);
      } catch {
        return `@comput3/api@${next} was not published`;
      }
      throw new Error(`@comput3/api@${next} was published although its test failed`);
    },
  );
} catch (error) {
  if (!stopped(error)) throw error;
} finally {
  await registry.close();
  registry.remove();
  rmSync(work, { recursive: true, force: true });
}

process.exit(summary());
