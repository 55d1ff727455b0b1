// Writes each published library's API report (`packages/<name>/api-report.txt`: its public
// types, one line per export and member, read from its built .d.ts), or with --check fails
// when a committed report differs from the build, naming the package and the lines. The
// reports are what scripts/type-semver.mjs compares with the last release.
//   node scripts/api-report.mjs          write them (`pnpm api-report`, after a build)
//   node scripts/api-report.mjs --check  the drift check (part of `pnpm check`)
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { apiReport, parseReport, reportText } from './lib/api-report.mjs';
import { LIBRARIES } from './lib/release.mjs';

const root = new URL('..', import.meta.url).pathname;
const check = process.argv.includes('--check');
const stale = [];
for (const [dir, name] of Object.entries(LIBRARIES)) {
  const file = join(root, dir, 'api-report.txt');
  const text = reportText(name, apiReport(join(root, dir)));
  if (!check) {
    writeFileSync(file, text);
    console.log(
      `api-report: wrote ${dir}/api-report.txt (${parseReport(text).lines.length} lines)`,
    );
    continue;
  }
  const committed = existsSync(file) ? readFileSync(file, 'utf8') : '';
  if (committed === text) continue;
  const was = new Set(parseReport(committed).lines);
  const is = new Set(parseReport(text).lines);
  const diff = [
    ...[...was].filter((l) => !is.has(l)).map((l) => `- ${l}`),
    ...[...is].filter((l) => !was.has(l)).map((l) => `+ ${l}`),
  ];
  stale.push(
    `${dir}/api-report.txt:\n    ${diff.slice(0, 12).join('\n    ')}${diff.length > 12 ? `\n    … ${diff.length - 12} more` : ''}`,
  );
}
if (stale.length) {
  console.error(
    `check:api-report: the public types changed and the reports do not say so:\n  ${stale.join('\n  ')}\nRun \`pnpm api-report\` and commit the reports with the change (a reviewer reads them in the diff).`,
  );
  process.exit(1);
}
if (check)
  console.log(
    `check:api-report: the API reports of ${Object.values(LIBRARIES).join(', ')} match their builds.`,
  );
