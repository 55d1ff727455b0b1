// `pnpm sdk:pack`: the SDK as npm will publish it, for a project outside this checkout before
// the first release. Builds @comput3/api, @comput3/core and @comput3/mock, packs each (pnpm
// pack: workspace ranges become real versions) into packs/ (or --out DIR), and prints the
// npm install line that takes them. `--no-build` skips the build (the docs' test uses it).
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { buildFirst } from './build-first.mjs';

const { values } = parseArgs({
  args: process.argv.slice(2).filter((a) => a !== '--'),
  options: { out: { type: 'string' }, build: { type: 'boolean', default: true } },
  allowNegative: true,
});
const root = fileURLToPath(new URL('..', import.meta.url));
const PACKAGES = ['api', 'core', 'mock'];
const out = resolve(values.out ?? join(root, 'packs'));
const say = (line) => process.stderr.write(`pnpm sdk:pack: ${line}\n`);

if (values.build) {
  await buildFirst(
    PACKAGES.map((p) => `@comput3/${p}`),
    'the SDK',
    'about 30 s',
    'pnpm sdk:pack',
  );
}
mkdirSync(out, { recursive: true });
for (const file of readdirSync(out)) if (file.endsWith('.tgz')) rmSync(join(out, file));
for (const name of PACKAGES) {
  execFileSync('pnpm', ['pack', '--pack-destination', out], {
    cwd: join(root, 'packages', name),
    stdio: 'ignore',
  });
}
const tarballs = readdirSync(out)
  .filter((f) => f.endsWith('.tgz'))
  .map((f) => join(out, f));
say(`packed ${tarballs.length} packages into ${out}. In your project:`);
process.stdout.write(`npm install ${tarballs.join(' ')}\n`);
