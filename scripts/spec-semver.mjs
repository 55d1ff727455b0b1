// Semver from the spec: compares openapi/comput3.yaml with the spec of the last release (the
// commit that last changed a published version), classifies each change with api-smart-diff,
// and checks that the pending changesets bump @comput3/api enough: a breaking change needs a
// major bump (minor while at 0.x) and a changeset naming @comput3/core, which re-exports the
// types; any other change at least a patch.
//   node scripts/spec-semver.mjs          the check (part of `pnpm check`)
//   node scripts/spec-semver.mjs --print  the API's changelog since the last release (`pnpm spec:diff`)
import { readFileSync } from 'node:fs';
import { apiCompare } from 'api-smart-diff';
import { parse } from 'yaml';
import { git, lastRelease, pendingBumps, rank } from './lib/release.mjs';

/**
 * Each change as `{ type, text }`. api-smart-diff judges from a server's side, where dropping an
 * optional request field is harmless; for the clients we generate, a field that disappears or
 * is renamed, anywhere, breaks code that uses it, so those count as breaking here.
 */
export function classify(before, after) {
  return apiCompare(before, after).diffs.map((d) => {
    const path = d.path.join('.');
    const lost =
      (d.action === 'remove' || d.action === 'rename') && /(^|\.)properties\.[^.]+$/.test(path);
    return {
      type: lost ? 'breaking' : d.type,
      text: d.description || `${d.action} ${path}`,
      path,
    };
  });
}

/** What the changesets must bump, and whether they do: `{ ok, needed, reasons }`. */
export function verdict(changes, bumps, apiVersion) {
  const breaking = changes.filter((c) => c.type === 'breaking');
  const other = changes.filter((c) => c.type !== 'breaking' && c.type !== 'annotation');
  if (!breaking.length && !other.length) return { ok: true, needed: undefined, reasons: [] };
  const needed = breaking.length ? (apiVersion.startsWith('0.') ? 'minor' : 'major') : 'patch';
  const reasons = [];
  if (rank(bumps.get('@comput3/api')) < rank(needed)) {
    reasons.push(
      `@comput3/api needs a ${needed} bump (${breaking.length ? `${breaking.length} breaking change${breaking.length > 1 ? 's' : ''}, e.g. ${breaking[0].text}` : `${other.length} compatible change${other.length > 1 ? 's' : ''}`}), and the changesets give it ${bumps.get('@comput3/api') ?? 'none'}`,
    );
  }
  if (breaking.length && !bumps.has('@comput3/core')) {
    reasons.push(
      '@comput3/core re-exports the API types, so a breaking change must name it in a changeset too',
    );
  }
  return { ok: reasons.length === 0, needed, reasons };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { since, label } = lastRelease();
  const before = parse(git('show', `${since}:openapi/comput3.yaml`));
  const after = parse(readFileSync('openapi/comput3.yaml', 'utf8'));
  const changes = classify(before, after);
  if (process.argv.includes('--print')) {
    console.log(`# API changes since ${label}\n`);
    for (const type of ['breaking', 'non-breaking', 'deprecated', 'unclassified', 'annotation']) {
      const of = changes.filter((c) => c.type === type);
      if (!of.length) continue;
      console.log(`## ${type[0].toUpperCase()}${type.slice(1)} (${of.length})\n`);
      for (const c of of) console.log(`- ${c.text}`);
      console.log('');
    }
    if (!changes.length) console.log('No changes.');
  } else {
    const apiVersion = JSON.parse(readFileSync('packages/api/package.json', 'utf8')).version;
    const result = verdict(changes, pendingBumps(), apiVersion);
    if (!result.ok) {
      console.error(
        `spec-semver: the spec changed since ${label}, and:\n  ${result.reasons.join('\n  ')}`,
      );
      console.error(
        'Add or raise a changeset (`pnpm changeset`); `pnpm spec:diff` lists the changes.',
      );
      process.exit(1);
    }
    const counts = ['breaking', 'non-breaking'].map(
      (t) => `${changes.filter((c) => c.type === t).length} ${t}`,
    );
    console.log(
      `spec-semver: ${changes.length ? `${counts.join(', ')} change(s) since ${label}; the changesets bump @comput3/api enough (${result.needed ?? 'none needed'})` : `no API changes since ${label}`}.`,
    );
  }
}
