// Semver from the public types: compares each published library's API report
// (`api-report.txt`, see scripts/api-report.mjs) with the one of the last release, classifies
// each change (scripts/lib/api-report.mjs), and checks that the pending changesets bump the
// package enough: a breaking change to a type is a major bump (minor while at 0.x) of every
// package whose types show it, re-exports included, whatever the spec diff says; an addition
// at least a patch. spec-semver.mjs says what the wire needs; this says what each package does.
//   node scripts/type-semver.mjs          the check (part of `pnpm check`)
//   node scripts/type-semver.mjs --print  every package's type changes since the last release
//   node scripts/type-semver.mjs --json   the same, as JSON
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { classify, neededBump, parseReport } from './lib/api-report.mjs';
import { lastRelease, LIBRARIES, pendingBumps, rank } from './lib/release.mjs';

/** What each package's changesets must bump and whether they do: `[{ name, needed, given, changes }]`. */
export function verdicts(reportsBefore, reportsNow, versions, bumps) {
  return Object.keys(reportsNow).map((name) => {
    const before = reportsBefore[name];
    const changes = before ? classify(before, reportsNow[name]) : [];
    const needed = neededBump(changes, versions[name]);
    const given = bumps.get(name);
    return {
      name,
      baseline: Boolean(before),
      changes,
      needed,
      given,
      ok: rank(given) >= rank(needed),
    };
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { since, label } = lastRelease();
  const before = {};
  const now = {};
  const versions = {};
  for (const [dir, name] of Object.entries(LIBRARIES)) {
    now[name] = parseReport(readFileSync(`${dir}/api-report.txt`, 'utf8'));
    versions[name] = JSON.parse(readFileSync(`${dir}/package.json`, 'utf8')).version;
    try {
      const text = execFileSync('git', ['show', `${since}:${dir}/api-report.txt`], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
      });
      before[name] = parseReport(text);
    } catch {
      // No report at the last release (it predates the reports): nothing to compare with yet.
    }
  }
  const results = verdicts(before, now, versions, pendingBumps());
  if (process.argv.includes('--json')) {
    // For scripts (the release rehearsal): each package's needed bump and its changes.
    console.log(
      JSON.stringify(results.map(({ name, needed, changes }) => ({ name, needed, changes }))),
    );
  } else if (process.argv.includes('--print')) {
    for (const r of results) {
      console.log(
        `# ${r.name} since ${label}: ${r.baseline ? `${r.changes.length} change(s), needs ${r.needed ?? 'nothing'}` : 'no report at that release'}`,
      );
      for (const c of r.changes) console.log(`- ${c.type}: ${c.text}`);
    }
  } else {
    const failed = results.filter((r) => !r.ok);
    for (const r of failed) {
      const breaking = r.changes.filter((c) => c.type === 'breaking');
      const example = (breaking.length ? breaking : r.changes)
        .slice(0, 3)
        .map((c) => c.text)
        .join('; ');
      console.error(
        `type-semver: ${r.name} needs a ${r.needed} bump and the changesets give it ${r.given ?? 'none'}: ${breaking.length ? `${breaking.length} breaking change(s) to its public types` : `${r.changes.length} addition(s)`}, e.g. ${example}`,
      );
    }
    if (failed.length) {
      console.error(
        'Add or raise a changeset (`pnpm changeset`); `pnpm types:diff` lists every change.',
      );
      process.exit(1);
    }
    const compared = results.filter((r) => r.baseline);
    console.log(
      `type-semver: ${compared.length ? compared.map((r) => `${r.name} ${r.changes.length ? `needs ${r.needed}, given ${r.given}` : 'unchanged'}`).join('; ') : 'no API reports at the last release yet'} (since ${label}).`,
    );
  }
}
