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
// Step 3 lives in spec-loop-rehearsal.mjs. Its changes, and step 4, are versioned and
// published with the changesets commands themselves (`changeset version`, a build, `changeset
// publish`): `release:verify` would run every published test again after each spec change
// (minutes each); step 1 and step 4 run it for real.
// Prints one line per check and "N passed, N failed"; the registry is always stopped.
import { cpSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startRegistry } from './registry.mjs';
import { failing, rehearsalKit } from './rehearsal-kit.mjs';
import { checks } from './report.mjs';
import { rehearseSpecChanges } from './spec-loop-rehearsal.mjs';
import { PACKAGE_DIRS as PUBLISHED } from '../../scripts/lib/release.mjs';

const kit = rehearsalKit();
const { work, scratch, consumer, run, pnpm, git, versionOf, versions, installed, changeset } = kit;
const { check, stopped, summary } = checks({ stopAtFirstFailure: true });
let registry = await startRegistry();
try {
  const token = await registry.token();
  const npmrc = (url) => `@comput3:registry=${url}\n//${new URL(url).host}/:_authToken=${token}\n`;
  const tsc = () => run(join(consumer, 'node_modules/.bin/tsc'), ['-p', '.'], { cwd: consumer });
  const consumerRun = (file) => run(process.execPath, [`out/${file}`], { cwd: consumer }).trim();

  await check('scratch copy of the repository, installed offline from the store', () => {
    mkdirSync(scratch, { recursive: true });
    const files = run('git', ['ls-files', '-z'], { cwd: kit.root }).split('\0').filter(Boolean);
    for (const file of files)
      cpSync(join(kit.root, file), join(scratch, file), { recursive: true });
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

  // Step 3: the spec loop, through this registry (spec-loop-rehearsal.mjs).
  await rehearseSpecChanges(kit, {
    check,
    npmrc,
    tsc,
    consumerRun,
    get registry() {
      return registry;
    },
    set registry(replaced) {
      registry = replaced;
    },
  });

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
