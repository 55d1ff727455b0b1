#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { startMockServer } from './server.js';

const USAGE = `Usage: comput3-mock [--port N] [--host 127.0.0.1] [--models a,b,...]

A local Comput3-compatible server (POST /v1/chat/completions, GET /v1/models) that
validates every request against the OpenAPI spec. Faults are injected per request
with the x-mock-fault header; see the @comput3/mock README.

Options:
  --port N         port to listen on (default 4010; 0 picks a free one)
  --host HOST      interface to bind (default 127.0.0.1, loopback only)
  --models LIST    comma-separated model ids to serve (default: the spec's models)
  -h, --help       show this help`;

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

const server = await startMockServer({
  port,
  host: values.host,
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
