// The classification of type changes and the bump it asks for (scripts/lib/api-report.mjs),
// on reports as scripts/api-report.mjs writes them.
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { classify, neededBump } from './lib/api-report.mjs';
import { verdicts } from './type-semver.mjs';

const report = (...lines) => ({ lines });
const base = report(
  'export . Model: interface Model',
  'Model.id: string',
  'Model.owned_by: string',
  'export . ChatCompletionRequest: interface ChatCompletionRequest',
  'ChatCompletionRequest.model: string',
  'ChatCompletionRequest (input)',
  'Comput3.constructor: (options?: ClientOptions) => Comput3',
  'Comput3.ask: (prompt: string) => Promise<string>',
);

test('a renamed field is breaking, named', () => {
  const after = report(...base.lines.map((l) => l.replace('owned_by', 'owner')));
  const changes = classify(base, after);
  assert.deepEqual(
    changes.map((c) => [c.type, c.key]),
    [
      ['breaking', 'Model.owned_by'],
      // Model is only read by users (no parameter takes one): a member it gains breaks no one.
      ['addition', 'Model.owner'],
    ],
  );
  assert.equal(neededBump(changes, '0.2.0'), 'minor');
  assert.equal(neededBump(changes, '1.4.0'), 'major');
});

test('an optional field, a new export, a class method: additions', () => {
  const after = report(
    ...base.lines,
    'ChatCompletionRequest.seed?: number | undefined',
    'export . Completion: interface Completion',
    'Completion.text: string',
    'Comput3.request: () => Promise<unknown>',
  );
  const changes = classify(base, after);
  assert.ok(
    changes.every((c) => c.type === 'addition'),
    JSON.stringify(changes),
  );
  assert.equal(neededBump(changes, '0.2.0'), 'patch');
  assert.equal(neededBump(changes, '1.0.0'), 'minor');
});

test('a changed type, a lost export, optional made required, a required member added: breaking', () => {
  for (const after of [
    report(...base.lines.map((l) => l.replace('Model.id: string', 'Model.id: number'))),
    report(...base.lines.filter((l) => !l.startsWith('export . Model'))),
    report(...base.lines, 'ChatCompletionRequest.messages: Message[]'),
  ]) {
    assert.equal(neededBump(classify(base, after), '0.1.0'), 'minor', after.lines.join('\n'));
  }
  const optional = report('T.a?: string');
  assert.equal(classify(optional, report('T.a: string'))[0].type, 'breaking');
});

test('a required member added to a type users only read (an answer, `paths`) is an addition', () => {
  const after = report(...base.lines, 'Model.created: number', 'paths./completions: { post: {} }');
  const changes = classify(base, after);
  assert.ok(
    changes.every((c) => c.type === 'addition'),
    JSON.stringify(changes),
  );
});

test('no change, no bump; the check names the package and what it is given', () => {
  assert.equal(neededBump(classify(base, base), '0.1.0'), undefined);
  const after = report(...base.lines.map((l) => l.replace('owned_by', 'owner')));
  const [core] = verdicts(
    { '@comput3/core': base },
    { '@comput3/core': after },
    { '@comput3/core': '0.2.0' },
    new Map([['@comput3/core', 'patch']]),
  );
  assert.equal(core.ok, false);
  assert.equal(core.needed, 'minor');
  assert.equal(core.given, 'patch');
});
