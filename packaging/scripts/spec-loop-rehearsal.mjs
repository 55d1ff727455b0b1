// The spec loop, replayed through the release rehearsal's registry: three spec changes, each
// as a maintainer makes it (spec-changes.mjs), versioned and published, and the consumer
// updated from the registry after each (see release-rehearsal.mjs, which runs these steps
// after its first release). Each step is one check: `ctx.check`.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startRegistry } from './registry.mjs';
import { bumpOf, failing, RANK } from './rehearsal-kit.mjs';
import { addFields, addOperation, renameField } from './spec-changes.mjs';

/**
 * `kit`: rehearsal-kit.mjs's folders and commands; `ctx`: `check`, `npmrc(url)`, the
 * consumer's `tsc()` and `consumerRun(file)`, and `registry` (this replaces it to make it
 * refuse a package, and gives it back).
 */
export async function rehearseSpecChanges(kit, ctx) {
  const { scratch, consumer, run, pnpm, node, git, versions, installed, changeset } = kit;
  const { check, npmrc, tsc, consumerRun } = ctx;

  /**
   * A spec change as a maintainer makes it: edit, generate, report; the checks say what each
   * package needs (`give` may first offer less, which must be refused, naming `refusedFor`);
   * a changeset with what they ask; the checks pass; versioned, built and published. Returns
   * the bumps asked for and the versions before and after.
   */
  function specChange({ edit, label, wrong, refusedFor }) {
    const specFile = join(scratch, 'openapi/comput3.yaml');
    writeFileSync(specFile, edit(readFileSync(specFile, 'utf8')));
    pnpm(['generate', '--output-logs=errors-only']);
    pnpm(['--filter', '@comput3/api', 'lint']);
    pnpm(['api-report']);
    const unversioned = failing('check:changesets with no changeset', () =>
      pnpm(['check:changesets']),
    );
    if (!unversioned.includes('@comput3/api'))
      throw new Error(`check:changesets does not name @comput3/api:\n${unversioned}`);
    if (wrong) {
      changeset('wrong.md', wrong, `${label} (too small a bump).`);
      const refused = failing('type-semver with too small a bump', () =>
        node(['scripts/type-semver.mjs']),
      );
      if (!refusedFor.every((text) => refused.includes(text)))
        throw new Error(
          `type-semver's refusal does not name ${refusedFor.join(', ')}:\n${refused}`,
        );
      rmSync(join(scratch, '.changeset/wrong.md'));
    }
    const asked = {};
    for (const { name, needed } of JSON.parse(node(['scripts/type-semver.mjs', '--json']))) {
      if (needed) asked[name] = needed;
    }
    changeset('spec-change.md', asked, label);
    for (const script of ['check:generated', 'check:changesets', 'check:spec-semver'])
      pnpm([script]);
    node(['scripts/api-report.mjs', '--check']);
    node(['scripts/type-semver.mjs']);
    git('add', '-A');
    git('commit', '-qm', label);
    const before = versions();
    pnpm(['exec', 'changeset', 'version']);
    pnpm(['install', '--lockfile-only', '--offline']);
    // Built after the bump: the OpenTelemetry scope carries the new version.
    pnpm([
      'exec',
      'turbo',
      'run',
      'build',
      '--filter=./packages/*',
      '--filter=@comput3/cli',
      '--output-logs=errors-only',
    ]);
    const after = versions();
    return { asked, before, after };
  }

  /** Publishes what `changeset version` made, and commits it as the release it is. */
  function publish() {
    pnpm(['exec', 'changeset', 'publish']);
    git('add', '-A');
    git('commit', '-qm', 'Version packages');
  }

  /** A compatible change: the checks asked for nothing above a patch. */
  const onlyPatches = ({ asked }) => {
    for (const [name, bump] of Object.entries(asked)) {
      if (RANK[bump] > RANK.patch) throw new Error(`${name} was asked for a ${bump} bump`);
    }
  };

  const describeBumps = ({ before, after }) =>
    Object.keys(after)
      .filter((n) => before[n] !== after[n])
      .map((n) => `${n} ${before[n]} → ${after[n]}`)
      .join(', ');

  await check(
    '(a) an optional request field and response field: patches, published; npm update takes them; the consumer uses both',
    () => {
      const change = specChange({ edit: addFields, label: 'Spec: top_p and system_fingerprint.' });
      onlyPatches(change);
      if (bumpOf(change.before['@comput3/core'], change.after['@comput3/core']) !== 'patch')
        throw new Error(
          `core went ${change.before['@comput3/core']} → ${change.after['@comput3/core']}`,
        );
      publish();
      let outdated = '';
      try {
        run('npm', ['outdated', '--json'], { cwd: consumer });
      } catch (error) {
        outdated = error.stdout; // exit code 1 means "something is outdated"
      }
      if (JSON.parse(outdated || '{}')['@comput3/core']?.latest !== change.after['@comput3/core'])
        throw new Error(`npm outdated did not report the new @comput3/core: ${outdated}`);
      run('npm', ['update', '--no-audit', '--no-fund'], { cwd: consumer });
      for (const name of ['@comput3/core', '@comput3/api', '@comput3/mock']) {
        if (installed(name) !== change.after[name])
          throw new Error(
            `npm update left ${name} at ${installed(name)}, not ${change.after[name]}`,
          );
      }
      writeFileSync(
        join(consumer, 'fields.ts'),
        `import { Comput3, Comput3ValidationError } from '@comput3/core';
import { startMockServer } from '@comput3/mock';
const mock = await startMockServer();
const client = new Comput3({ apiKey: 'rehearsal', baseURL: mock.url });
const messages = [{ role: 'user' as const, content: 'hi' }];
const answer = await client.chat.completions.create({ model: 'kimi-k2', messages, top_p: 0.9 });
const refused = await client.chat.completions
  .create({ model: 'kimi-k2', messages, top_p: 2 })
  .catch((e: unknown) => (e instanceof Comput3ValidationError ? e.field : 'not refused'));
console.log(answer.system_fingerprint, refused);
await mock.close();
`,
      );
      tsc();
      const printed = consumerRun('fields.js');
      if (printed !== 'fp_comput3 top_p') throw new Error(`fields.js printed ${printed}`);
      return `${describeBumps(change)}; checks asked ${JSON.stringify(change.asked)}`;
    },
  );

  await check(
    '(b) a new operation: published; the consumer calls POST /completions, typed, and the mock serves it',
    () => {
      const change = specChange({ edit: addOperation, label: 'Spec: POST /completions.' });
      onlyPatches(change);
      publish();
      run('npm', ['update', '--no-audit', '--no-fund'], { cwd: consumer });
      if (installed('@comput3/core') !== change.after['@comput3/core'])
        throw new Error(`npm update left @comput3/core at ${installed('@comput3/core')}`);
      writeFileSync(
        join(consumer, 'operation.ts'),
        `import type { Completion } from '@comput3/api';
import { Comput3 } from '@comput3/core';
import { request } from '@comput3/core/operations';
import { startMockServer } from '@comput3/mock';
const mock = await startMockServer();
const client = new Comput3({ apiKey: 'rehearsal', baseURL: mock.url });
const completion: Completion = await request(client, 'post', '/completions', {
  body: { model: 'kimi-k2', prompt: 'Once upon a time' },
});
console.log(completion.object, typeof completion.choices[0]?.text);
await mock.close();
`,
      );
      tsc();
      const printed = consumerRun('operation.js');
      if (printed !== 'text_completion string') throw new Error(`operation.js printed ${printed}`);
      return describeBumps(change);
    },
  );

  await check(
    '(c) a renamed field: a patch for core is refused naming the type; minor bumps; a half-way publish is re-run; the consumer is not moved and compiles',
    async () => {
      const change = specChange({
        edit: renameField,
        label: 'Spec: Model.owned_by is now owner.',
        wrong: { '@comput3/api': 'minor', '@comput3/core': 'patch' },
        refusedFor: ['@comput3/core needs a minor bump', 'Model.owned_by'],
      });
      for (const name of ['@comput3/api', '@comput3/core']) {
        if (change.asked[name] !== 'minor')
          throw new Error(`${name} was asked for ${change.asked[name]}, not minor`);
        if (bumpOf(change.before[name], change.after[name]) !== 'minor')
          throw new Error(`${name} went ${change.before[name]} → ${change.after[name]}`);
      }
      // The registry refuses the mock (which the new api bumps too): the publish fails half-way
      // and says so.
      if (change.before['@comput3/mock'] === change.after['@comput3/mock'])
        throw new Error('the mock was not versioned with the api it depends on');
      await ctx.registry.close();
      ctx.registry = await startRegistry({ dir: ctx.registry.dir, refuse: ['@comput3/mock'] });
      writeFileSync(join(scratch, '.npmrc'), npmrc(ctx.registry.url));
      const report = failing('a publish the registry half refuses', () =>
        pnpm(['exec', 'changeset', 'publish']),
      );
      if (!/@comput3\/mock/.test(report))
        throw new Error(`the failure does not name @comput3/mock:\n${report.slice(-800)}`);
      run('npm', [
        'view',
        `@comput3/core@${change.after['@comput3/core']}`,
        'version',
        `--registry=${ctx.registry.url}`,
      ]);
      await ctx.registry.close();
      ctx.registry = await startRegistry({ dir: ctx.registry.dir });
      writeFileSync(join(scratch, '.npmrc'), npmrc(ctx.registry.url));
      writeFileSync(join(consumer, '.npmrc'), npmrc(ctx.registry.url));
      publish();
      run('npm', [
        'view',
        `@comput3/mock@${change.after['@comput3/mock']}`,
        'version',
        `--registry=${ctx.registry.url}`,
      ]);
      const was = installed('@comput3/core');
      run('npm', ['update', '--no-audit', '--no-fund'], { cwd: consumer });
      if (installed('@comput3/core') !== was)
        throw new Error(
          `npm update moved @comput3/core ${was} → ${installed('@comput3/core')} across a breaking change`,
        );
      tsc(); // app.ts still reads model.owned_by: it compiles, on the version it has
      return `${describeBumps(change)}; the consumer stays on core ${was}`;
    },
  );
}
