// The spec's semver check on one change of each kind (run by `pnpm check`, with node --test).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { parse } from 'yaml';
import { classify, verdict } from './spec-semver.mjs';

const spec = parse(readFileSync(new URL('../openapi/comput3.yaml', import.meta.url), 'utf8'));
const edit = (change) => {
  const copy = structuredClone(spec);
  change(copy);
  return copy;
};
const request = (s) => s.components.schemas.ChatCompletionRequest;
const bumps = (entries) => new Map(Object.entries(entries));

test('a removed field is breaking: minor at 0.x for @comput3/api, and @comput3/core named', () => {
  const changes = classify(
    spec,
    edit((s) => delete request(s).properties.max_tokens),
  );
  assert.ok(changes.some((c) => c.type === 'breaking'));
  assert.equal(verdict(changes, bumps({}), '0.1.0').ok, false);
  assert.equal(verdict(changes, bumps({ '@comput3/api': 'minor' }), '0.1.0').ok, false);
  assert.equal(
    verdict(changes, bumps({ '@comput3/api': 'minor', '@comput3/core': 'patch' }), '0.1.0').ok,
    true,
  );
  assert.equal(
    verdict(changes, bumps({ '@comput3/api': 'minor', '@comput3/core': 'patch' }), '1.2.0').ok,
    false,
  );
  assert.equal(
    verdict(changes, bumps({ '@comput3/api': 'major', '@comput3/core': 'patch' }), '1.2.0').ok,
    true,
  );
});

test('a new required field, a narrowed enum and a removed operation are breaking', () => {
  for (const change of [
    (s) => request(s).required.push('temperature'),
    (s) => s.components.schemas.Role.enum.pop(),
    (s) => delete s.paths['/models'],
  ]) {
    const changes = classify(spec, edit(change));
    assert.ok(
      changes.some((c) => c.type === 'breaking'),
      JSON.stringify(changes),
    );
  }
});

test('an added optional field is compatible: at least a patch', () => {
  const changes = classify(
    spec,
    edit((s) => (request(s).properties.seed = { type: 'integer' })),
  );
  assert.ok(changes.length > 0);
  assert.ok(
    changes.every((c) => c.type !== 'breaking'),
    JSON.stringify(changes),
  );
  assert.equal(verdict(changes, bumps({}), '0.1.0').ok, false);
  assert.equal(verdict(changes, bumps({ '@comput3/api': 'patch' }), '0.1.0').ok, true);
});

test('no change needs no changeset', () => {
  assert.deepEqual(verdict(classify(spec, spec), bumps({}), '0.1.0'), {
    ok: true,
    needed: undefined,
    reasons: [],
  });
});
