// Shows the regenerate loop end to end, on a scratch copy of the repository: adding an optional
// field to the spec and running `generate` changes the generated types, and turbo no longer
// replays @comput3/api's build from its cache. Run by `pnpm check`; exits non-zero on failure.
import { execFileSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const scratch = mkdtempSync(join(tmpdir(), 'comput3-spec-loop-'));
const run = (cmd, args, cwd = scratch) =>
  execFileSync(cmd, args, {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1', DO_NOT_TRACK: '1' },
  });
const turbo = join(root, 'node_modules/.bin/turbo');

function buildStatus() {
  const dry = JSON.parse(run(turbo, ['run', 'build', '--filter=@comput3/api', '--dry=json']));
  const task = dry.tasks.find((t) => t.taskId === '@comput3/api#build');
  return task.cache.status;
}

function check(ok, message) {
  if (!ok) {
    console.error(`spec-loop: FAILED: ${message}`);
    process.exitCode = 1;
    throw new Error(message);
  }
  console.log(`spec-loop: ${message}`);
}

try {
  // The working tree as git sees it (tracked and new files), with the installed node_modules linked in.
  const files = run('git', ['ls-files', '-co', '--exclude-standard'], root)
    .split('\n')
    .filter(Boolean);
  for (const file of files) {
    if (!existsSync(join(root, file))) continue;
    mkdirSync(dirname(join(scratch, file)), { recursive: true });
    cpSync(join(root, file), join(scratch, file));
  }
  for (const dir of [
    '.',
    ...files.filter((f) => /^(packages|apps)\/[^/]+\/package\.json$/.test(f)).map(dirname),
  ]) {
    if (existsSync(join(root, dir, 'node_modules')))
      symlinkSync(join(root, dir, 'node_modules'), join(scratch, dir, 'node_modules'));
  }
  run('git', ['init', '-q']);
  run('git', ['add', '-A']);
  run('git', [
    '-c',
    'user.name=spec-loop',
    '-c',
    'user.email=spec-loop@localhost',
    'commit',
    '-qm',
    'scratch',
  ]);

  run(turbo, ['run', 'build', '--filter=@comput3/api', '--output-logs=none']);
  check(buildStatus() === 'HIT', 'an unchanged spec: @comput3/api#build is a cache hit');

  const specPath = join(scratch, 'openapi/comput3.yaml');
  const spec = readFileSync(specPath, 'utf8');
  const anchor = '        stream_options:\n';
  check(spec.includes(anchor), 'found ChatCompletionRequest.stream_options to add a field beside');
  writeFileSync(
    specPath,
    spec.replace(
      anchor,
      `        spec_loop_probe:\n          type: integer\n          description: Added by scripts/spec-loop.mjs.\n${anchor}`,
    ),
  );
  run(turbo, ['run', 'generate', '--filter=@comput3/api', '--output-logs=none']);
  const types = readFileSync(join(scratch, 'packages/api/src/generated/schema.ts'), 'utf8');
  check(
    /spec_loop_probe\?: number;/.test(types),
    'the new optional field is in the generated types (spec_loop_probe?: number)',
  );
  check(
    buildStatus() === 'MISS',
    'after the spec change: @comput3/api#build is no longer a cache hit',
  );
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
