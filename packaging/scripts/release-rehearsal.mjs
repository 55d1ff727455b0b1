// The release, rehearsed against a real registry (Verdaccio on loopback), on a scratch copy of
// the repository, exactly as `pnpm version-packages` and `pnpm release` run in the release
// workflow:
//  1. version and publish what the pending changesets (plus one of ours) describe;
//  2. check the published manifests and tarballs;
//  3. in a fresh consumer, install @comput3/core, @comput3/cli and @comput3/mock from the
//     registry, type-check strictly, run a completion against the mock and `comput3 --offline`;
//  4. publish a second version; `npm outdated` sees it, `npm update` takes it, still compiles;
//  5. a publish that fails half-way (the registry refuses one package) says so and exits
//     non-zero; run again once the registry accepts it, it publishes the rest.
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

const { check, stopped, summary } = checks({ stopAtFirstFailure: true });

const versionOf = (name) =>
  JSON.parse(readFileSync(join(scratch, PUBLISHED[name], 'package.json'), 'utf8')).version;
const changeset = (file, bumps, text) =>
  writeFileSync(
    join(scratch, '.changeset', file),
    `---\n${Object.entries(bumps)
      .map(([n, b]) => `'${n}': ${b}`)
      .join('\n')}\n---\n\n${text}\n`,
  );

let registry = await startRegistry();
try {
  const token = await registry.token();
  const npmrc = (url) => `@comput3:registry=${url}\n//${new URL(url).host}/:_authToken=${token}\n`;

  await check('scratch copy of the repository, installed offline from the store', () => {
    mkdirSync(scratch, { recursive: true });
    const files = run('git', ['ls-files', '-z'], { cwd: root }).split('\0').filter(Boolean);
    for (const file of files) cpSync(join(root, file), join(scratch, file), { recursive: true });
    run('git', ['init', '-q'], { cwd: scratch });
    run('git', ['add', '-A'], { cwd: scratch });
    run(
      'git',
      ['-c', 'user.name=rehearsal', '-c', 'user.email=r@localhost', 'commit', '-qm', 'scratch'],
      { cwd: scratch },
    );
    writeFileSync(join(scratch, '.npmrc'), npmrc(registry.url));
    pnpm(['install', '--offline', '--frozen-lockfile']);
    return `${files.length} files`;
  });

  await check(
    'pnpm version-packages: new versions, internal ranges, a CHANGELOG per package',
    () => {
      changeset('rehearsal-one.md', { '@comput3/core': 'patch' }, 'Release rehearsal.');
      pnpm(['version-packages']);
      for (const [name, dir] of Object.entries(PUBLISHED)) {
        if (!existsSync(join(scratch, dir, 'CHANGELOG.md')))
          throw new Error(`no CHANGELOG.md for ${name}`);
      }
      return Object.keys(PUBLISHED)
        .map((n) => `${n}@${versionOf(n)}`)
        .join(', ');
    },
  );

  await check('pnpm release publishes every package to the registry', () => {
    pnpm(['release']);
    for (const name of Object.keys(PUBLISHED)) {
      run('npm', ['view', `${name}@${versionOf(name)}`, 'version', `--registry=${registry.url}`]);
    }
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
console.log(answer.choices[0]?.message.content?.split('\\n')[0]);
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
      run(join(consumer, 'node_modules/.bin/tsc'), ['-p', '.'], { cwd: consumer });
      const printed = run(process.execPath, ['out/app.js'], { cwd: consumer }).trim();
      if (!printed.startsWith('*Offline mock of kimi-k2'))
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
      return `core ${JSON.parse(readFileSync(join(consumer, 'node_modules/@comput3/core/package.json'), 'utf8')).version}`;
    },
  );

  await check(
    'a second version: npm outdated sees it, npm update takes it, the consumer still compiles',
    () => {
      const before = versionOf('@comput3/core');
      changeset('rehearsal-two.md', { '@comput3/core': 'patch' }, 'Second rehearsal release.');
      pnpm(['version-packages']);
      pnpm(['release']);
      const after = versionOf('@comput3/core');
      let outdated = '';
      try {
        run('npm', ['outdated', '--json'], { cwd: consumer });
      } catch (error) {
        outdated = error.stdout; // exit code 1 means "something is outdated"
      }
      if (JSON.parse(outdated || '{}')['@comput3/core']?.latest !== after) {
        throw new Error(`npm outdated did not report @comput3/core ${after}: ${outdated}`);
      }
      run('npm', ['update', '--no-audit', '--no-fund'], { cwd: consumer });
      const installed = JSON.parse(
        readFileSync(join(consumer, 'node_modules/@comput3/core/package.json'), 'utf8'),
      ).version;
      if (installed !== after) throw new Error(`npm update left @comput3/core at ${installed}`);
      run(join(consumer, 'node_modules/.bin/tsc'), ['-p', '.'], { cwd: consumer });
      return `@comput3/core ${before} → ${after}`;
    },
  );

  await check(
    'a publish that fails half-way is reported, and a re-run publishes the rest',
    async () => {
      await registry.close();
      registry = await startRegistry({ dir: registry.dir, refuse: ['@comput3/cli'] });
      writeFileSync(join(scratch, '.npmrc'), npmrc(registry.url));
      changeset(
        'rehearsal-three.md',
        { '@comput3/core': 'patch', '@comput3/cli': 'patch' },
        'Third.',
      );
      pnpm(['version-packages']);
      let report = '';
      try {
        pnpm(['release']);
        throw new Error('pnpm release succeeded although the registry refused @comput3/cli');
      } catch (error) {
        if (!error.status) throw error;
        report = `${error.stdout}${error.stderr}`;
      }
      if (!/@comput3\/cli/.test(report))
        throw new Error(`the failure does not name @comput3/cli:\n${report.slice(-800)}`);
      const cli = versionOf('@comput3/cli');
      run('npm', [
        'view',
        `@comput3/core@${versionOf('@comput3/core')}`,
        'version',
        `--registry=${registry.url}`,
      ]);
      await registry.close();
      registry = await startRegistry({ dir: registry.dir });
      writeFileSync(join(scratch, '.npmrc'), npmrc(registry.url));
      pnpm(['release']);
      run('npm', ['view', `@comput3/cli@${cli}`, 'version', `--registry=${registry.url}`]);
      return `core published first; @comput3/cli@${cli} on the re-run`;
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
