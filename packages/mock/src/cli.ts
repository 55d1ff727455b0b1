#!/usr/bin/env node
import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { PACE_LIMITS } from './pace.js';
import { startMockServer } from './server.js';
import type { CassetteOptions } from './cassettes/index.js';

const USAGE = `Usage: comput3-mock [--port N] [--host 127.0.0.1] [--models a,b,...] [--pace realistic|instant]

A local Comput3-compatible server (POST /v1/chat/completions, GET /v1/models) that
validates every request against the OpenAPI spec and answers like a model: Markdown
replies, real token counts, and each model's time to first token and speed. Faults are
injected per request with the x-mock-fault header; see the @comput3/mock README.

Options:
  --port N                 port to listen on (default 4010; 0 picks a free one)
  --host HOST              interface to bind (default 127.0.0.1, loopback only)
  --models LIST            comma-separated model ids to serve (default: the spec's models)
  --overloaded LIST        comma-separated models that answer 503 overloaded (to try a fallback)
  --pace PACE              realistic (default: each model's TTFT and tokens/s) or instant
  --ttft-ms N              time to first token for every model, 0 to ${PACE_LIMITS.ttftMs} (implies realistic)
  --tokens-per-second N    generation speed for every model, 1 to ${PACE_LIMITS.tokensPerSecond} (implies realistic)
  --tls                    serve HTTPS with a certificate from a CA made at start-up; prints
                           where the CA file is, to trust with NODE_EXTRA_CA_CERTS
  --tls-cert FILE          serve HTTPS with this certificate (PEM) ...
  --tls-key FILE           ... and this private key (PEM)
  --replay DIR             answer from the cassettes in DIR, and nothing else (a request
                           with no recording is a 422 naming the field that differs)
  --record DIR             send each request to --upstream and record the answers in DIR
  --record-missing DIR     replay what DIR has, record the rest from --upstream
  --upstream URL           the real API to record from, e.g. https://api.comput3.ai/v1
  --cassette NAME          the cassette used (default: default; a request names its own
                           with x-mock-cassette)
  --pacing PACING          none (default: as fast as the client reads) or recorded
  -h, --help               show this help

COMPUT3_CASSETTES=replay|record|record-missing|passthrough overrides the mode (CI: replay).`;

function fail(message: string): never {
  process.stderr.write(`comput3-mock: ${message}\n\n${USAGE}\n`);
  process.exit(2);
}

let values;
try {
  ({ values } = parseArgs({
    options: {
      port: { type: 'string', default: '4010' },
      host: { type: 'string', default: '127.0.0.1' },
      models: { type: 'string' },
      overloaded: { type: 'string' },
      pace: { type: 'string' },
      'ttft-ms': { type: 'string' },
      'tokens-per-second': { type: 'string' },
      tls: { type: 'boolean' },
      'tls-cert': { type: 'string' },
      'tls-key': { type: 'string' },
      replay: { type: 'string' },
      record: { type: 'string' },
      'record-missing': { type: 'string' },
      upstream: { type: 'string' },
      cassette: { type: 'string' },
      pacing: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  }));
} catch (error) {
  fail((error as Error).message);
}
if (values.help) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}
const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  fail(`--port must be a whole number from 0 to 65535, got "${values.port}".`);
}

function whole(name: string, text: string | undefined, min: number, max: number) {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < min || value > max) {
    fail(`--${name} must be a whole number from ${min} to ${max}, got "${text}".`);
  }
  return value;
}
if (values.pace !== undefined && values.pace !== 'realistic' && values.pace !== 'instant') {
  fail(`--pace must be realistic or instant, got "${values.pace}".`);
}
const ttftMs = whole('ttft-ms', values['ttft-ms'], 0, PACE_LIMITS.ttftMs);
const tokensPerSecond = whole(
  'tokens-per-second',
  values['tokens-per-second'],
  1,
  PACE_LIMITS.tokensPerSecond,
);

function readPem(flag: string, path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    fail(`${flag} ${path}: ${(error as NodeJS.ErrnoException).code ?? 'cannot read it'}.`);
  }
}
if (Boolean(values['tls-cert']) !== Boolean(values['tls-key'])) {
  fail('--tls-cert and --tls-key go together: give both files.');
}
const tls =
  values['tls-cert'] && values['tls-key']
    ? {
        cert: readPem('--tls-cert', values['tls-cert']),
        key: readPem('--tls-key', values['tls-key']),
      }
    : values.tls
      ? (true as const)
      : undefined;

const modes = (['replay', 'record', 'record-missing'] as const).filter((m) => values[m]);
if (modes.length > 1) fail(`--${modes.join(' and --')} are one choice: give one of them.`);
const mode = modes[0];
if (!mode && (values.upstream || values.cassette || values.pacing)) {
  fail('--upstream, --cassette and --pacing go with --replay, --record or --record-missing DIR.');
}
if (values.pacing !== undefined && values.pacing !== 'none' && values.pacing !== 'recorded') {
  fail(`--pacing must be none or recorded, got "${values.pacing}".`);
}
const cassettes: CassetteOptions | undefined = mode && {
  dir: values[mode]!,
  mode,
  ...(values.upstream ? { upstream: values.upstream } : {}),
  ...(values.cassette ? { cassette: values.cassette } : {}),
  ...(values.pacing
    ? { pacing: values.pacing === 'recorded' ? ('recorded' as const) : ('none' as const) }
    : {}),
};
const list = (text: string) =>
  text
    .split(',')
    .map((m) => m.trim())
    .filter(Boolean);
const server = await startMockServer({
  ...(tls ? { tls } : {}),
  ...(cassettes ? { cassettes } : {}),
  ...(values.overloaded ? { overloaded: list(values.overloaded) } : {}),
  port,
  host: values.host,
  // A person runs the bin to watch it answer: realistic unless told otherwise.
  pace: values.pace ?? 'realistic',
  ...(ttftMs !== undefined ? { ttftMs } : {}),
  ...(tokensPerSecond !== undefined ? { tokensPerSecond } : {}),
  ...(values.models
    ? {
        models: list(values.models),
      }
    : {}),
}).catch((error: NodeJS.ErrnoException) => {
  fail(
    error.code === 'EADDRINUSE'
      ? `port ${port} is already in use: pick another with --port, or --port 0 for a free one.`
      : error.message,
  );
});
process.stdout.write(`listening on ${server.url}\n`);
if (server.cassette) {
  process.stdout.write(`cassettes: ${server.cassette.mode}, ${server.cassette.file}\n`);
}
if (server.ca) {
  const caFile = join(tmpdir(), `comput3-mock-ca-${server.port}.pem`);
  writeFileSync(caFile, server.ca, { mode: 0o644 });
  process.stdout.write(`CA certificate: ${caFile} (trust it with NODE_EXTRA_CA_CERTS=${caFile})\n`);
}
if ((values.pace ?? 'realistic') === 'realistic' && process.stdout.isTTY) {
  process.stdout.write(
    "pace: realistic (each model's time to first token and tokens/s; --pace instant to turn it off)\n",
  );
}

let stopping = false;
const stop = () => {
  if (stopping) return;
  stopping = true;
  server.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
