// pnpm bench: @comput3/core against the floor (raw fetch) and its peers, side by side.
// Each measurement runs in a fresh process; contenders are interleaved round by round
// (A B C D A B C D …) so that drift on a noisy machine hits them all alike. Figures are medians
// over rounds with (min–max), and ratios to the floor measured in the same run.
// Usage: pnpm bench (every benchmark in the repo), or this one alone with more rounds:
//   pnpm turbo run bench --filter=@comput3/bench -- --rounds 9      Writes bench/RESULTS.md.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { cpus, totalmem } from 'node:os';
import { createRequire } from 'node:module';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { spawnMockServer } from '@comput3/mock';
import { build } from 'esbuild';

const { values } = parseArgs({ options: { rounds: { type: 'string', default: '5' } } });
const ROUNDS = Number(values.rounds);
const here = new URL('.', import.meta.url).pathname;
const require = createRequire(import.meta.url);
// BENCH_BEFORE=1 adds an earlier build of ours (contenders/core-before.mjs) beside the others.
const CONTENDERS = [
  'raw',
  'raw-abortable',
  'openai',
  'openapi-fetch',
  'core',
  ...(process.env.BENCH_BEFORE ? ['core-before'] : []),
];
const LABEL = {
  raw: 'raw fetch (floor)',
  'raw-abortable': 'raw fetch + AbortSignal',
  openai: 'openai',
  'openapi-fetch': 'openapi-fetch (bare)',
  core: '@comput3/core',
  'core-before': '@comput3/core, before the change',
};

// --- the mock, in its own process -------------------------------------------------------------
const mock = await spawnMockServer();
const baseURL = mock.url;

function worker(contender, scenario) {
  const out = execFileSync(process.execPath, [`${here}worker.mjs`, contender, scenario, baseURL], {
    encoding: 'utf8',
  });
  return JSON.parse(out);
}

// --- a fast wrong answer cannot win -----------------------------------------------------------
const checks = Object.fromEntries(CONTENDERS.map((c) => [c, worker(c, 'check')]));
for (const c of CONTENDERS) {
  const ok =
    checks[c].complete === checks.raw.complete &&
    checks[c].stream === checks.raw.stream &&
    checks.raw.complete === checks.raw.stream;
  if (!ok) {
    console.error(
      `bench: ${c} did not return the same content as raw fetch; no figures are valid.`,
    );
    process.exit(1);
  }
}
console.log(
  `content check: all ${CONTENDERS.length} contenders returned the same ${checks.raw.complete.length}-character answer, streamed and not`,
);

// --- interleaved rounds -----------------------------------------------------------------------
const SCENARIOS = ['seq', 'conc', 'stream', 'latency'];
const samples = {}; // samples[contender][metric] = number[]
const add = (c, metric, v) => ((samples[c] ??= {})[metric] ??= []).push(v);

function coldImport(contender) {
  const spec = {
    raw: null,
    'raw-abortable': null,
    openai: 'openai',
    'openapi-fetch': 'openapi-fetch',
    core: '@comput3/core',
    'core-before': './.core-before.mjs',
  }[contender];
  const code = spec
    ? `const t = performance.now(); await import(${JSON.stringify(spec)}); process.stdout.write(String(performance.now() - t));`
    : 'process.stdout.write("0")';
  return Number(
    execFileSync(process.execPath, ['--input-type=module', '-e', code], {
      cwd: here,
      encoding: 'utf8',
    }),
  );
}

for (let round = 1; round <= ROUNDS; round++) {
  for (const scenario of SCENARIOS) {
    for (const c of CONTENDERS) {
      for (const [metric, value] of Object.entries(worker(c, scenario))) add(c, metric, value);
    }
  }
  for (const c of CONTENDERS) add(c, 'importMs', coldImport(c));
  process.stdout.write(`round ${round}/${ROUNDS} done\n`);
}

// --- bundle size of a minimal program per client ----------------------------------------------
for (const c of CONTENDERS) {
  const result = await build({
    entryPoints: [`${here}contenders/${c}.mjs`],
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    write: false,
    logLevel: 'silent',
  });
  add(c, 'bundleGzipBytes', gzipSync(result.outputFiles[0].contents, { level: 9 }).length);
}

// --- the CLI: cold start, and first byte received → first byte printed ------------------------
const cliBin = require
  .resolve('@comput3/cli/package.json')
  .replace('package.json', 'dist/comput3.js');
const wall = (args) => {
  const t = performance.now();
  spawnSync(process.execPath, args, { stdio: 'ignore' });
  return performance.now() - t;
};
const cli = { version: [], node: [], firstByte: [] };
for (let i = 0; i < 15; i++) {
  cli.node.push(wall(['-e', '0']));
  cli.version.push(wall([cliBin, '--version']));
}

// A server that sends its headers at once and the first token at a moment it notes, long after
// the CLI has started: the figure is the CLI's own delay between receiving and printing it.
// In a terminal (through a pseudo-terminal, as a person runs it) the answer is rendered as
// Markdown: the figure then includes the renderer.
const PTY = require
  .resolve('@comput3/cli/package.json')
  .replace('package.json', 'test/run-in-pty.py');
async function firstByteDelay(terminal) {
  let sentAt = 0;
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.flushHeaders(); // as a real server does: headers now, tokens when they are ready
      setTimeout(() => {
        const chunk = (delta, finish = null) =>
          `data: ${JSON.stringify({ id: 'b', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
        sentAt = performance.now();
        res.write(chunk({ role: 'assistant', content: 'X' }));
        setTimeout(() => res.end(chunk({}, 'stop') + 'data: [DONE]\n\n'), 50);
      }, 300);
    });
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${server.address().port}/v1`;
  const command = [cliBin, '--no-save', 'go'];
  const child = terminal
    ? spawn('python3', [PTY, process.execPath, ...command], {
        env: {
          ...process.env,
          COMPUT3_API_KEY: 'sk-bench',
          COMPUT3_BASE_URL: url,
          TERM: 'xterm-256color',
        },
        stdio: ['pipe', 'pipe', 'ignore'],
      })
    : spawn(process.execPath, command, {
        env: { ...process.env, COMPUT3_API_KEY: 'sk-bench', COMPUT3_BASE_URL: url },
        stdio: ['ignore', 'pipe', 'ignore'],
      });
  // The terminal also shows a spinner before the answer: wait for the token itself.
  const printedAt = await new Promise((resolve) => {
    const seen = (data) => {
      if (!String(data).includes('X')) return;
      child.stdout.off('data', seen);
      resolve(performance.now());
    };
    child.stdout.on('data', seen);
  });
  await new Promise((r) => child.on('close', r));
  server.close();
  return printedAt - sentAt;
}
cli.firstByteRendered = [];
for (let i = 0; i < 10; i++) {
  cli.firstByte.push(await firstByteDelay(false));
  cli.firstByteRendered.push(await firstByteDelay(true));
}

// --- report -----------------------------------------------------------------------------------
const med = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (v, digits) =>
  v.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const METRICS = [
  ['cpuPerRequestUs', 'client CPU per request, sequential (µs)', 1, 'lower'],
  ['latencyMs', 'latency per request, sequential (ms)', 3, 'lower'],
  ['requestsPerSecond', 'throughput, 64 in flight (req/s)', 0, 'higher'],
  ['cpuPerChunkUs', 'client CPU per chunk, 20,000-chunk stream (µs)', 2, 'lower'],
  ['chunksPerSecond', 'streaming throughput (chunks/s)', 0, 'higher'],
  ['chunkDelayUs', 'chunk arrival → caller sees it (µs)', 0, 'lower'],
  ['bundleGzipBytes', 'bundle, minified + gzipped (bytes)', 0, 'lower'],
  ['importMs', 'cold import (ms)', 1, 'lower'],
];
const rows = [];
for (const [metric, label, digits] of METRICS) {
  const floor = med(samples.raw[metric]);
  const cells = CONTENDERS.map((c) => {
    const xs = samples[c][metric];
    const m = med(xs);
    const range =
      xs.length > 1 ? ` (${fmt(Math.min(...xs), digits)}–${fmt(Math.max(...xs), digits)})` : '';
    const ratio = floor > 0 ? ` **${(m / floor).toFixed(2)}×**` : '';
    return `${fmt(m, digits)}${range}${c === 'raw' ? '' : ratio}`;
  });
  rows.push(`| ${label} | ${cells.join(' | ')} |`);
}
const core = (metric) => med(samples.core[metric]) / med(samples.raw[metric]);
const ratio = (a, b, metric) => (med(samples[a][metric]) / med(samples[b][metric])).toFixed(2);
const targets = [
  ['client CPU per request ≤ 1.15× raw', core('cpuPerRequestUs'), (r) => r <= 1.15],
  ['throughput with 64 in flight ≥ 0.95× raw', core('requestsPerSecond'), (r) => r >= 0.95],
  ['client CPU per chunk ≤ 1.15× raw', core('cpuPerChunkUs'), (r) => r <= 1.15],
  ['bundle ≤ 10 kB gzipped', med(samples.core.bundleGzipBytes) / 1000, (kb) => kb <= 10],
];
const cliVersion = med(cli.version);
const cliNode = med(cli.node);
const cliRows = [
  `| \`comput3 --version\` cold start | ${fmt(cliVersion, 1)} ms (${fmt(Math.min(...cli.version), 1)}–${fmt(Math.max(...cli.version), 1)}) | \`node -e 0\`: ${fmt(cliNode, 1)} ms | **${(cliVersion / cliNode).toFixed(2)}×** (target ≤ 1.3×) |`,
  `| first byte received → first byte printed, piped | ${fmt(med(cli.firstByte), 2)} ms (${fmt(Math.min(...cli.firstByte), 2)}–${fmt(Math.max(...cli.firstByte), 2)}) | includes loopback and pipe | target < 5 ms |`,
  `| first byte received → first byte printed, in a terminal (Markdown rendering on) | ${fmt(med(cli.firstByteRendered), 2)} ms (${fmt(Math.min(...cli.firstByteRendered), 2)}–${fmt(Math.max(...cli.firstByteRendered), 2)}) | includes loopback and a pty relay | target < 5 ms |`,
];
// Read from node_modules: not every package exports its package.json.
const version = (pkg) =>
  JSON.parse(readFileSync(`${here}node_modules/${pkg}/package.json`, 'utf8')).version;
const report = `# Benchmark results

${new Date().toISOString().slice(0, 10)} · ${cpus()[0]?.model ?? 'unknown CPU'} × ${cpus().length} · ${Math.round(totalmem() / 2 ** 30)} GiB · Node ${process.version}
· ${ROUNDS} interleaved rounds, a fresh process per measurement, the mock in its own process on loopback.
· openai ${version('openai')}, openapi-fetch ${version('openapi-fetch')}, @comput3/core ${version('@comput3/core')}.

Median (min–max) over rounds; **bold** is the ratio to raw fetch in this run. "raw fetch +
AbortSignal" is the floor with the one thing every client that can time out or be cancelled
must add: a signal per request (Node 20's fetch makes that cost several per cent).

| figure | ${CONTENDERS.map((c) => LABEL[c]).join(' | ')} |
| --- | ${CONTENDERS.map(() => '---').join(' | ')} |
${rows.join('\n')}

## Targets for @comput3/core

${targets.map(([what, value, ok]) => `- ${ok(value) ? 'met' : '**missed**'}: ${what} (measured ${value.toFixed(2)}${what.startsWith('bundle') ? ' kB' : '×'})`).join('\n')}

With 64 in flight, the signal alone takes raw fetch to ${ratio('raw-abortable', 'raw', 'requestsPerSecond')}× of
itself, and @comput3/core reaches ${ratio('core', 'raw-abortable', 'requestsPerSecond')}× of raw fetch + AbortSignal.

## CLI

| figure | median (min–max) | reference | ratio |
| --- | --- | --- | --- |
${cliRows.join('\n')}
`;
writeFileSync(`${here}RESULTS.md`, report);
console.log(report);
await mock.close();
