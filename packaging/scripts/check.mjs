// The release path, checked end to end:
//  1. pack each published package (pnpm pack: workspace ranges become real versions);
//  2. publint and @arethetypeswrong/cli on each tarball;
//  3. install the tarballs with npm into a fresh project outside the workspace, type-check a
//     consumer with strict tsc (and check that a wrong field fails to compile), run it against
//     the packed @comput3/mock, and run the packed `comput3` and `comput3-mock` binaries;
//  4. the runtime matrix: the same consumer on Node 20, 22 and 24, Bun, Deno, workerd and
//     headless Chromium, streaming included. Runtimes come from npm packages; Chromium from Debian.
// Prints one line per check and "N passed, N failed"; exits non-zero on any failure.
import { execFileSync, spawn } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { checks } from './report.mjs';
import { PACKAGE_DIRS as PUBLISHED } from '../../scripts/lib/release.mjs';

const root = new URL('../../', import.meta.url).pathname;
const here = new URL('../', import.meta.url).pathname;
const work = mkdtempSync(join(tmpdir(), 'comput3-packaging-'));
const tarballs = join(work, 'tarballs');
const app = join(work, 'app');
const RUNTIMES = {
  node22: 'npm:node@22',
  node24: 'npm:node@24',
  bun: '1',
  deno: '2',
  miniflare: '3',
  // CommonJS consumers: Node before require(esm), and Jest with its default configuration.
  node18: 'npm:node@18',
  'node20-18': 'npm:node@20.18.0',
  jest: '^30.0.0',
  // An app's own tests on recorded answers (with Jest above).
  vitest: '^4.1.12',
};
const quiet = { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] };
const { check, summary } = checks();

const run = (cmd, args, options = {}) => execFileSync(cmd, args, { ...quiet, ...options });

/** Starts a long-running program and resolves with its first line of output. */
function startProcess(cmd, args, options = {}) {
  const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'inherit'], ...options });
  const line = new Promise((resolve, reject) => {
    child.stdout.once('data', (d) => resolve(String(d).trim()));
    child.once('exit', (code) => reject(new Error(`${cmd} exited with ${code}`)));
  });
  return { child, line };
}

try {
  // 1. pack
  mkdirSync(tarballs, { recursive: true });
  const tgz = {};
  for (const [name, dir] of Object.entries(PUBLISHED)) {
    await check(`pack ${name}`, () => {
      run('pnpm', ['pack', '--pack-destination', tarballs], { cwd: join(root, dir) });
      const file = readdirSync(tarballs).find((f) =>
        f.startsWith(name.replace('@', '').replace('/', '-')),
      );
      if (!file) throw new Error('no tarball');
      tgz[name] = join(tarballs, file);
      return file;
    });
  }

  // 2. lint the tarballs
  for (const [name, file] of Object.entries(tgz)) {
    await check(`publint ${name}`, () =>
      run(process.execPath, [
        join(here, 'node_modules/publint/src/cli.js'),
        'run',
        file,
        '--strict',
      ])
        .trim()
        .split('\n')
        .pop(),
    );
    // The CLI has a bin and no importable entry point: there are no types to check.
    if (name !== '@comput3/cli') {
      await check(`attw ${name}`, () => {
        run(join(here, 'node_modules/.bin/attw'), [file, '--format', 'ascii']);
        return 'no problems (full profile: node10, node16 CommonJS and ESM, bundler)';
      });
    }
  }

  // 3. a fresh project outside the workspace
  mkdirSync(app, { recursive: true });
  const deps = Object.fromEntries(
    Object.entries(tgz).map(([name, file]) => [name, `file:${file}`]),
  );
  writeFileSync(
    join(app, 'package.json'),
    JSON.stringify(
      {
        name: 'consumer',
        private: true,
        type: 'module',
        // @types/json-schema: @ai-sdk/provider's types import it (an app with `ai` has it).
        dependencies: {
          ...deps,
          typescript: '5.9.3',
          '@types/node': '^20.19.0',
          '@types/json-schema': '^7.0.15',
          ...RUNTIMES,
        },
        overrides: deps,
      },
      null,
      2,
    ),
  );
  for (const f of ['smoke.ts', 'bad.ts', 'run.mjs', 'worker.mjs', 'browser.mjs', 'tsconfig.json'])
    cpSync(join(here, 'consumer', f), join(app, f));
  for (const dir of ['cjs', 'types', 'recorded'])
    cpSync(join(here, 'consumer', dir), join(app, dir), { recursive: true });
  for (const ext of ['cts', 'mts'])
    cpSync(join(app, 'types/uses.ts'), join(app, `types/uses.${ext}`));
  await check('npm install the tarballs (and the runtimes) into a fresh project', () => {
    run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error'], {
      cwd: app,
      timeout: 600_000,
    });
    return Object.keys(tgz).join(', ');
  });
  const bin = (name) => join(app, 'node_modules/.bin', name);

  await check(
    'strict tsc compiles the consumer',
    () => run(bin('tsc'), ['-p', 'tsconfig.json'], { cwd: app }) || 'no errors',
  );
  await check('strict tsc rejects a wrong field', () => {
    try {
      run(
        bin('tsc'),
        [
          '--strict',
          '--noEmit',
          '--module',
          'nodenext',
          '--moduleResolution',
          'nodenext',
          '--target',
          'es2022',
          '--lib',
          'es2022,dom',
          'bad.ts',
        ],
        { cwd: app },
      );
    } catch (error) {
      if (/bad\.ts.*temperature|'string' is not assignable to type 'number'/s.test(error.stdout))
        return 'error TS names temperature';
      throw error;
    }
    throw new Error('bad.ts compiled: a temperature given as a string was accepted');
  });

  // Every moduleResolution an app may have: the same lines must compile under each.
  const tsc = (what, file, ...flags) =>
    check(`tsc ${what}`, () => {
      const base = ['--noEmit', '--strict', '--target', 'es2022', '--lib', 'es2022,dom'];
      const files = file.endsWith('.mts') ? [file, 'types/uses-ai.mts'] : [file];
      run(bin('tsc'), [...base, '--types', 'node', ...flags, ...files], { cwd: app });
      return `${files.join(', ')}: no errors`;
    });
  await tsc(
    'moduleResolution node10 (CommonJS)',
    'types/uses.ts',
    '--module',
    'commonjs',
    '--moduleResolution',
    'node10',
  );
  await tsc(
    'moduleResolution node16, CommonJS',
    'types/uses.cts',
    '--module',
    'node16',
    '--moduleResolution',
    'node16',
  );
  await tsc(
    'moduleResolution node16, ESM',
    'types/uses.mts',
    '--module',
    'node16',
    '--moduleResolution',
    'node16',
  );
  await tsc(
    'moduleResolution nodenext, CommonJS',
    'types/uses.cts',
    '--module',
    'nodenext',
    '--moduleResolution',
    'nodenext',
  );
  await tsc(
    'moduleResolution nodenext, ESM',
    'types/uses.mts',
    '--module',
    'nodenext',
    '--moduleResolution',
    'nodenext',
  );
  await tsc(
    'moduleResolution bundler',
    'types/uses.ts',
    '--module',
    'esnext',
    '--moduleResolution',
    'bundler',
  );

  // CommonJS at run time: require() where Node cannot require ESM, and Jest's defaults.
  for (const [runtime, node] of [
    ['Node 18', join(app, 'node_modules/node18/bin/node')],
    ['Node 20.18', join(app, 'node_modules/node20-18/bin/node')],
    ['Node 22', join(app, 'node_modules/node22/bin/node')],
    [`Node ${process.version}`, process.execPath],
  ]) {
    await check(`require() on ${runtime}`, () =>
      run(node, ['cjs/require.cjs'], { cwd: app, timeout: 60_000 }).trim(),
    );
  }
  await check('Jest 30 with its default configuration', () => {
    const out = run(
      process.execPath,
      [join(app, 'node_modules/jest/bin/jest.js'), '--ci', '--json'],
      {
        cwd: join(app, 'cjs'),
        timeout: 120_000,
      },
    );
    const result = JSON.parse(out);
    if (!result.success) throw new Error(JSON.stringify(result.testResults.map((t) => t.message)));
    return `${result.numPassedTests} tests passed`;
  });

  // The packed mock, started by its packed binary.
  // Instant: seven runtimes run the smoke against it; pacing is tested in the mock's own suite.
  const mockProc = startProcess(bin('comput3-mock'), ['--port', '0', '--pace', 'instant']);
  let mockURL;
  await check('comput3-mock starts from the packed package', async () => {
    const line = await mockProc.line;
    mockURL = line.replace('listening on ', '');
    if (!/^http:\/\/127\.0\.0\.1:\d+\/v1$/.test(mockURL))
      throw new Error(`unexpected line: ${line}`);
    return line;
  });

  await check(
    'recorded answers: Jest and Vitest projects record, then replay with the upstream gone',
    async () => {
      const upstream = startProcess(bin('comput3-mock'), ['--port', '0', '--pace', 'instant']);
      const url = (await upstream.line).replace('listening on ', '');
      const KEY = 'sk-packaging-recording-key-4d2e';
      const runners = {
        Jest: [join(app, 'node_modules/jest/bin/jest.js'), '--ci', '--rootDir', 'recorded/jest'],
        Vitest: [join(app, 'node_modules/vitest/vitest.mjs'), 'run', '--root', 'recorded/vitest'],
      };
      const test = (env) => {
        const clean = Object.fromEntries(
          Object.entries(process.env).filter(([name]) => !name.startsWith('COMPUT3_')),
        );
        for (const [name, args] of Object.entries(runners)) {
          try {
            run(process.execPath, args, { cwd: app, timeout: 120_000, env: { ...clean, ...env } });
          } catch (error) {
            throw Object.assign(new Error(`${name}: ${error.stdout}${error.stderr}`), {
              runner: name,
            });
          }
        }
      };
      try {
        test({ COMPUT3_CASSETTES: 'record-missing', COMPUT3_UPSTREAM: url, COMPUT3_API_KEY: KEY });
      } finally {
        upstream.child.kill();
      }
      // Replayed: no key, the upstream stopped, and any other address unreachable.
      test({
        COMPUT3_UPSTREAM: url,
        HTTPS_PROXY: 'http://127.0.0.1:9',
        HTTP_PROXY: 'http://127.0.0.1:9',
      });
      const cassettes = ['jest', 'vitest'].flatMap((dir) =>
        readdirSync(join(app, 'recorded', dir, 'cassettes')).map((f) =>
          readFileSync(join(app, 'recorded', dir, 'cassettes', f), 'utf8'),
        ),
      );
      if (cassettes.length !== 2) throw new Error(`${cassettes.length} cassettes recorded`);
      if (cassettes.some((c) => c.includes(KEY))) throw new Error('the key is in a cassette');
      // A changed prompt fails each, naming the field.
      let failures = 0;
      for (const name of Object.keys(runners)) {
        try {
          test({ COMPUT3_TEST_PROMPT_SUFFIX: ' (changed)' });
        } catch (error) {
          if (
            !/messages\[0\]\.content: recorded .*Summarise: .*, sent .*\(changed\)/.test(
              error.message,
            )
          )
            throw new Error(`${name} failed without the diff: ${error.message.slice(0, 400)}`, {
              cause: error,
            });
          failures++;
          delete runners[error.runner];
        }
      }
      if (failures !== 2) throw new Error('a changed prompt did not fail both runners');
      return 'recorded from the packed comput3-mock, replayed without it; a changed prompt fails both with the diff';
    },
  );

  await check('npm i -g of the packed CLI alone gives a working comput3 on PATH', async () => {
    // The CLI's tarball carries everything it runs (a bundle); its one dependency, the OS
    // keychain binding, is optional: without a registry npm skips it and keys go to a file.
    const prefix = join(work, 'global');
    run('npm', [
      'install',
      '-g',
      '--prefix',
      prefix,
      '--no-audit',
      '--no-fund',
      tgz['@comput3/cli'],
    ]);
    const env = {
      ...process.env,
      PATH: `${join(prefix, 'bin')}:${process.env.PATH}`,
      XDG_DATA_HOME: join(work, 'xdg-global'),
      COMPUT3_OFFLINE_PACE: 'instant',
    };
    const found = run('sh', ['-c', 'command -v comput3'], { env }).trim();
    if (found !== join(prefix, 'bin', 'comput3')) throw new Error(`comput3 on PATH is ${found}`);
    // A prompt with a written answer: one the mock has none for ends with advice, which the
    // CLI words for itself (its realAnswer).
    const answer = run('comput3', ['--offline', '--no-save', 'Name three rivers'], { env });
    const mock = await import(join(app, 'node_modules/@comput3/mock/dist/index.js'));
    const expected = await mock.replyText('hermes4:70b', [
      { role: 'user', content: 'Name three rivers' },
    ]);
    if (answer.trim() !== expected.trim()) throw new Error(`unexpected answer: ${answer}`);
    return `${found}; offline answer ok`;
  });

  await check('pnpm comput3 runs the CLI from the checkout', () => {
    const out = run('pnpm', ['-s', 'comput3', '--version'], { cwd: root }).trim();
    if (!/^comput3 \d+\.\d+\.\d+/.test(out)) throw new Error(`unexpected output: ${out}`);
    return out;
  });

  await check('comput3 --version and --offline from the packed package', async () => {
    const version = run(bin('comput3'), ['--version']).trim();
    const answer = run(
      bin('comput3'),
      ['--offline', '--no-save', 'What is the capital of France?'],
      {
        env: { ...process.env, XDG_DATA_HOME: join(work, 'xdg') },
      },
    ).trim();
    // The packed mock says what it answers to that prompt (the CLI is paced, so this is slow
    // enough to show the pacing is on: about a second for hermes4:70b).
    const mock = await import(join(app, 'node_modules/@comput3/mock/dist/index.js'));
    const expected = await mock.replyText('hermes4:70b', [
      { role: 'user', content: 'What is the capital of France?' },
    ]);
    if (answer !== expected.trim()) throw new Error(`unexpected answer: ${answer}`);
    return `${version}; offline answer ok`;
  });

  // 4. the runtime matrix
  // Each `node` package (installed under an alias) carries its own binary.
  const nodeOf = (alias) => join(app, 'node_modules', alias, 'bin', 'node');
  const matrix = {
    [`Node ${process.version}`]: [process.execPath, ['run.mjs', mockURL]],
    'Node 22': [nodeOf('node22'), ['run.mjs', mockURL]],
    'Node 24': [nodeOf('node24'), ['run.mjs', mockURL]],
    Bun: [bin('bun'), ['run.mjs', mockURL]],
    Deno: [bin('deno'), ['run', '--allow-net', '--allow-env', '--allow-read', 'run.mjs', mockURL]],
  };
  for (const [runtime, [cmd, args]] of Object.entries(matrix)) {
    await check(`runtime ${runtime}`, () => {
      const version = runtime.startsWith('Node v')
        ? ''
        : run(cmd, ['--version'], { cwd: app }).trim().split('\n')[0];
      const out = run(cmd, args, {
        cwd: app,
        timeout: 60_000,
        env: { ...process.env, NO_COLOR: '1' },
      }).trim();
      if (!out.startsWith('ok')) throw new Error(out);
      return `${version ? `${version}: ` : ''}${out}`;
    });
  }

  await check('runtime workerd (miniflare)', async () => {
    const bundle = await build({
      entryPoints: [join(app, 'worker.mjs')],
      bundle: true,
      format: 'esm',
      platform: 'neutral',
      conditions: ['workerd', 'worker', 'browser'],
      mainFields: ['module', 'main'],
      write: false,
      logLevel: 'error',
    });
    const { Miniflare } = await import(join(app, 'node_modules/miniflare/dist/src/index.js'));
    const mf = new Miniflare({
      modules: true,
      script: bundle.outputFiles[0].text,
      bindings: { BASE_URL: mockURL },
      compatibilityDate: '2025-07-01',
    });
    try {
      const res = await mf.dispatchFetch('http://localhost/');
      const text = await res.text();
      if (!text.startsWith('ok')) throw new Error(text);
      return text;
    } finally {
      await mf.dispose();
    }
  });

  await check('runtime headless Chromium', async () => {
    const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
    if (!existsSync(executablePath))
      throw new Error(`no browser at ${executablePath}: apt-get install chromium`);
    const bundle = await build({
      entryPoints: [join(app, 'browser.mjs')],
      bundle: true,
      format: 'esm',
      platform: 'browser',
      write: false,
      logLevel: 'error',
    });
    const server = createServer((req, res) => {
      if (req.url.startsWith('/app.js')) {
        res.writeHead(200, { 'content-type': 'text/javascript' });
        return res.end(bundle.outputFiles[0].text);
      }
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<!doctype html><title>running</title><script type="module" src="/app.js"></script>');
    });
    await new Promise((r) => server.listen(0, '127.0.0.1', r));
    const { chromium } = await import('playwright-core');
    const browser = await chromium.launch({
      executablePath,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
    try {
      const page = await browser.newPage();
      await page.goto(
        `http://127.0.0.1:${server.address().port}/?mock=${encodeURIComponent(mockURL)}`,
      );
      await page.waitForFunction(() => document.title !== 'running', null, { timeout: 20_000 });
      const title = await page.title();
      if (!title.startsWith('ok')) throw new Error(title);
      return `${browser.version()}: ${title}`;
    } finally {
      await browser.close();
      server.close();
    }
  });

  mockProc.child.kill('SIGTERM');
} finally {
  // PACKAGING_KEEP=1 leaves the scratch project, to look into a failure.
  if (process.env.PACKAGING_KEEP) console.log(`kept ${work}`);
  else rmSync(work, { recursive: true, force: true });
}
process.exitCode = summary();
