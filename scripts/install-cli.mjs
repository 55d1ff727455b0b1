// `pnpm cli:install`: puts this checkout's `comput3` on PATH, as `npm install -g @comput3/cli`
// will once it is published: builds the CLI (a self-contained bundle), packs it as npm would
// publish it, and installs that tarball globally with npm. `--prefix DIR` installs under DIR
// instead of npm's global prefix (the test uses it); `--no-build` skips the build.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { buildFirst } from './build-first.mjs';

const { values } = parseArgs({
  // `pnpm cli:install -- --prefix DIR` passes the `--` along: it is not an argument of ours.
  args: process.argv.slice(2).filter((a) => a !== '--'),
  options: { prefix: { type: 'string' }, build: { type: 'boolean', default: true } },
  allowNegative: true,
});
const cli = fileURLToPath(new URL('../apps/cli/', import.meta.url));
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const say = (line) => process.stderr.write(`pnpm cli:install: ${line}\n`);
// pnpm passes its own settings to the scripts it runs as npm_config_* variables (which ones
// depends on the pnpm and on how it was started: verify-deps-before-run, store-dir,
// frozen-lockfile, …); npm reads them as its own and warns about each it does not know
// ("Unknown env config"). npm is given only the npm_config_* settings it knows, as it lists them.
// As npm reads them: npm_config_foo_bar is foo-bar, npm_config__auth is _auth.
const setting = (name) =>
  name
    .slice('npm_config_'.length)
    .toLowerCase()
    .replace(/(?!^)_/g, '-');
const isConfig = (name) => /^npm_config_/i.test(name);
const withoutConfig = Object.fromEntries(
  Object.entries(process.env).filter(([name]) => !isConfig(name)),
);
const known = new Set(
  Object.keys(
    JSON.parse(
      execFileSync(npm, ['config', 'ls', '--long', '--json'], {
        encoding: 'utf8',
        env: withoutConfig,
      }),
    ),
  ),
);
const env = Object.fromEntries(
  Object.entries(process.env).filter(([name]) => {
    if (!isConfig(name)) return true;
    const key = setting(name);
    // A scoped registry (@scope:registry) is npm's too, though `npm config ls` lists none.
    return known.has(key) || key.includes(':');
  }),
);

if (values.build) await buildFirst('@comput3/cli...', 'the CLI', 'about 30 s', 'pnpm cli:install');
const scratch = mkdtempSync(join(tmpdir(), 'comput3-cli-pack-'));
try {
  const [packed] = JSON.parse(
    execFileSync(npm, ['pack', '--json', '--pack-destination', scratch], {
      cwd: cli,
      encoding: 'utf8',
      env,
    }),
  );
  const tarball = join(scratch, packed.filename);
  const prefix = values.prefix ? ['--prefix', values.prefix] : [];
  say(
    `installing ${packed.filename} with npm install -g${values.prefix ? ` --prefix ${values.prefix}` : ''}…`,
  );
  const installed = spawnSync(
    npm,
    ['install', '--global', '--no-audit', '--no-fund', ...prefix, tarball],
    { encoding: 'utf8', env },
  );
  if (installed.status !== 0) {
    process.stderr.write(installed.stderr);
    say(
      "npm could not install it (above). A permission error means npm's global folder is not yours: run with --prefix ~/.local, or set npm's prefix (npm config set prefix ~/.local).",
    );
    process.exit(1);
  }
  const root =
    values.prefix ?? execFileSync(npm, ['prefix', '--global'], { encoding: 'utf8', env }).trim();
  const binDir = process.platform === 'win32' ? root : join(root, 'bin');
  const version = execFileSync(join(binDir, 'comput3'), ['--version'], { encoding: 'utf8' }).trim();
  say(`installed ${version} as ${join(binDir, 'comput3')}.`);
  const onPath = (process.env.PATH ?? '').split(delimiter).includes(binDir);
  say(
    onPath
      ? 'Try: comput3 --offline "explain SSE with an example"'
      : `${binDir} is not on your PATH: add it (export PATH="${binDir}:$PATH"), then try comput3 --offline "hello".`,
  );
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
