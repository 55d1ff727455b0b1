// pnpm bench: what hostile input costs. Each case runs in a fresh process against a hostile
// server on loopback (started here, stopped at the end) and reports its wall time and the
// growth of its peak memory over an idle process's. The tests check the behaviour; this prints
// the figures, since a clock is no assertion on a shared machine.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';

const CLI = fileURLToPath(
  import.meta.resolve('@comput3/cli/package.json').replace('package.json', 'dist/comput3.js'),
);

// --- the hostile server ----------------------------------------------------------------------
let requests = 0;
const pump = (res, block, count, tail = '') => {
  let n = 0;
  const go = () => {
    while (n < count) if ((n++, !res.write(block))) return;
    res.end(tail);
  };
  res.on('drain', go);
  res.on('close', () => res.off('drain', go));
  go();
};
const server = createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    requests++;
    const [, , what, size] = req.url.split('/'); // /v1/<what>/<size>/chat/completions
    if (what === 'lt') {
      res.writeHead(400, { 'content-type': 'text/html' });
      return res.end('<'.repeat(Number(size)));
    }
    if (what === 'line') {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write('data: {"x":"');
      return pump(res, 'a'.repeat(64 * 1024), (Number(size) * 1024 * 1024) / (64 * 1024));
    }
    if (what === 'null') {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      return res.end('data: {"choices":[null]}\n\ndata: [DONE]\n\n');
    }
    res.writeHead(404).end();
  });
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const base = `http://127.0.0.1:${server.address().port}`;

// --- one case in a fresh process -------------------------------------------------------------
const probe = (body) => `
const rss0 = process.resourceUsage().maxRSS;
const { Comput3 } = await import('@comput3/core');
const t0 = performance.now();
let outcome;
try { ${body} outcome = 'ok'; } catch (e) { outcome = e.name + ': ' + e.message.slice(0, 90); }
const ms = performance.now() - t0;
console.log(JSON.stringify({ ms, mb: (process.resourceUsage().maxRSS - rss0) / 1024, outcome }));
`;
// Asynchronous: the hostile server lives in this process and must go on answering.
const run = promisify(execFile);
async function measure(body) {
  const { stdout } = await run(process.execPath, ['--input-type=module', '-e', probe(body)], {
    cwd: fileURLToPath(new URL('.', import.meta.url)),
  });
  return JSON.parse(stdout);
}
const client = (path, extra = '') =>
  `const c = new Comput3({ apiKey: 'sk-bench-hostile', baseURL: '${base}/v1/${path}', maxRetries: 2 ${extra} });`;
const ask = `{ model: 'hermes4:70b', messages: [{ role: 'user', content: 'hi' }] }`;
const streamed = `{ ...${ask}, stream: true }`;

const rows = [];
const add = (what, r, extra = '') =>
  rows.push(`| ${what} | ${r.ms.toFixed(1)} ms | +${r.mb.toFixed(1)} MB | ${r.outcome}${extra} |`);

add(
  'error body of 100,000 `<`',
  await measure(`${client('lt/100000')} await c.chat.completions.create(${ask});`),
);
for (const mb of [20, 40]) {
  add(
    `one ${mb} MB SSE line, default cap (16 MiB)`,
    await measure(
      `${client(`line/${mb}`)} await (await c.chat.completions.create(${streamed})).finalCompletion();`,
    ),
  );
}
for (const mb of [20, 40]) {
  add(
    `one ${mb} MB SSE line, cap raised to 64 MiB (linear?)`,
    await measure(
      `${client(`line/${mb}`, ', maxEventSize: 64 * 1024 * 1024')} await (await c.chat.completions.create(${streamed})).finalCompletion();`,
    ),
  );
}
const before = requests;
const r = await measure(
  `${client('null/0')} await (await c.chat.completions.create(${streamed})).finalCompletion();`,
);
add('`choices: [null]` in a stream', r, ` (server saw ${requests - before} request)`);

// The CLI, with its peak memory read by a preload at exit.
const preload = `process.on('exit', () => process.stderr.write('\\nmaxrss ' + process.resourceUsage().maxRSS + '\\n'));`;
const t0 = performance.now();
const started = run(
  process.execPath,
  ['--import', `data:text/javascript,${encodeURIComponent(preload)}`, CLI, '-f', '/dev/zero', 'hi'],
  {
    encoding: 'utf8',
    env: { ...process.env, COMPUT3_API_KEY: 'sk-bench', COMPUT3_BASE_URL: `${base}/v1` },
    timeout: 60_000,
  },
);
started.child.stdin.end(); // no piped prompt: the CLI would wait for one
// Exit 2 is the answer expected: the rejection carries stderr and the code.
const cli = await started.catch((failed) => failed);
const cliMs = performance.now() - t0;
const rss = Number(/maxrss (\d+)/.exec(cli.stderr)?.[1]) / 1024;
rows.push(
  `| \`comput3 -f /dev/zero hi\` | ${cliMs.toFixed(0)} ms (whole process) | ${rss.toFixed(0)} MB peak | exit ${cli.code ?? 0}: ${cli.stderr.split('\n')[0]} |`,
);

server.closeAllConnections();
server.close();
console.log(
  `\n## Hostile input\n\n| case | time | peak memory | outcome |\n| --- | --- | --- | --- |\n${rows.join('\n')}\n`,
);
