#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { PACE_LIMITS, type Pace } from './pace.js';
import { startMockServer } from './server.js';

const USAGE = `Usage: comput3-mock [--port N] [--host 127.0.0.1] [--models a,b,...] [--pace realistic|instant]

A local Comput3-compatible server (POST /v1/chat/completions, GET /v1/models) that
validates every request against the OpenAPI spec and answers like a model: Markdown
replies, real token counts, and each model's time to first token and speed. Faults are
injected per request with the x-mock-fault header; see the @comput3/mock README.

Options:
  --port N                 port to listen on (default 4010; 0 picks a free one)
  --host HOST              interface to bind (default 127.0.0.1, loopback only)
  --models LIST            comma-separated model ids to serve (default: the spec's models)
  --pace PACE              realistic (default: each model's TTFT and tokens/s) or instant
  --ttft-ms N              time to first token for every model, 0 to ${PACE_LIMITS.ttftMs} (implies realistic)
  --tokens-per-second N    generation speed for every model, 1 to ${PACE_LIMITS.tokensPerSecond} (implies realistic)
  -h, --help               show this help`;

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
      pace: { type: 'string' },
      'ttft-ms': { type: 'string' },
      'tokens-per-second': { type: 'string' },
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

const server = await startMockServer({
  port,
  host: values.host,
  // A person runs the bin to watch it answer: realistic unless told otherwise.
  pace: (values.pace as Pace | undefined) ?? 'realistic',
  ...(ttftMs !== undefined ? { ttftMs } : {}),
  ...(tokensPerSecond !== undefined ? { tokensPerSecond } : {}),
  ...(values.models
    ? {
        models: values.models
          .split(',')
          .map((m) => m.trim())
          .filter(Boolean),
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
