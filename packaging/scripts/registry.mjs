// A real npm registry on loopback for the release rehearsal: Verdaccio 5, the last major that
// runs on Node 20 (6 needs 22). It needs one override to install: some of its dependencies ask
// for `node-fetch@cjs`, a dist-tag the registry no longer has, so the root package.json pins
// node-fetch to 2.7.0, its last CommonJS release. No uplinks: it serves only what is published
// to it, and @comput3 packages need a login to publish.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const bin = fileURLToPath(new URL('../node_modules/verdaccio/bin/verdaccio', import.meta.url));

const freePort = () =>
  new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });

function config({ refuse = [] }) {
  const rules = refuse
    .map((name) => `  '${name}':\n    access: $all\n    publish: nobody\n`)
    .join('');
  return `storage: ./storage
auth:
  htpasswd:
    file: ./htpasswd
    max_users: 10
uplinks: {}
packages:
${rules}  '@comput3/*':
    access: $all
    publish: $authenticated
  '**':
    access: $all
log: { type: stdout, format: pretty, level: error }
`;
}

/**
 * Starts the registry (or restarts it on the same storage with other rules: `refuse` lists
 * packages it will not accept). Resolves once it answers; `close()` always stops it.
 */
export async function startRegistry({
  dir = mkdtempSync(join(tmpdir(), 'comput3-registry-')),
  refuse = [],
} = {}) {
  writeFileSync(join(dir, 'config.yaml'), config({ refuse }));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}/`;
  const child = spawn(
    process.execPath,
    [bin, '--config', join(dir, 'config.yaml'), '--listen', `127.0.0.1:${port}`],
    {
      cwd: dir,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const close = async () => {
    if (child.exitCode === null) child.kill('SIGTERM');
    await exited;
  };
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      if ((await fetch(`${url}-/ping`)).ok) break;
    } catch {
      // not listening yet
    }
    if (child.exitCode !== null || Date.now() > deadline) {
      await close();
      throw new Error(`Verdaccio did not start:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    dir,
    close,
    /** Creates a user and returns its token (a throwaway: the registry lives for this run). */
    async token(name = 'rehearsal') {
      const res = await fetch(`${url}-/user/org.couchdb.user:${name}`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name, password: `${name}-password-0` }),
      });
      const body = await res.json();
      if (!body.token) throw new Error(`no token from the registry: ${JSON.stringify(body)}`);
      return body.token;
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
