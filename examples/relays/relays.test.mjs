// Each relay started as a user starts it (pnpm express|hono|fastify), then: 20 clients that
// leave after the first event, and one that reads the whole answer with the SDK. The server
// must stay up, and the last client must get a whole answer.
import { spawn } from 'node:child_process';
import { request } from 'node:http';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ChatCompletionStream } from '@comput3/core';

function start(file) {
  const child = spawn(process.execPath, ['--import', 'tsx', file], {
    env: { ...process.env, COMPUT3_API_KEY: '', PORT: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stderrText = '';
  child.stderr.on('data', (d) => {
    child.stderrText += d;
    process.stderr.write(d);
  });
  const url = new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      const found = /on (http:\/\/\S+)/.exec(out);
      if (found) resolve(found[1]);
    });
    child.on('exit', (code) => reject(new Error(`${file} exited with ${code}`)));
  });
  return { child, url };
}

const body = JSON.stringify({
  model: 'kimi-k2',
  messages: [{ role: 'user', content: 'Explain server-sent events step by step' }],
});

/** A client that reads the first bytes of the answer, then hangs up. */
const leaver = (base) =>
  new Promise((resolve, reject) => {
    const req = request(
      `${base}/api/chat/completions`,
      { method: 'POST', headers: { 'content-type': 'application/json' } },
      (res) => {
        res.once('data', () => {
          req.destroy();
          resolve(res.statusCode);
        });
      },
    );
    req.on('error', (e) => (e.code === 'ECONNRESET' ? resolve(0) : reject(e)));
    req.end(body);
  });

/** A client that hangs up as soon as its request is sent, before the answer's headers. */
const early = (base) =>
  new Promise((resolve) => {
    const req = request(`${base}/api/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
    });
    req.on('error', () => resolve());
    req.on('finish', () => {
      req.destroy();
      resolve();
    });
    req.end(body);
  });

for (const relay of ['express.ts', 'hono.ts', 'fastify.ts']) {
  test(`${relay}: clients that leave mid-stream do not bring it down; the next gets a whole answer`, async () => {
    const { child, url } = start(relay);
    try {
      const base = await url;
      const codes = await Promise.all(Array.from({ length: 20 }, () => leaver(base)));
      assert.deepEqual(new Set(codes), new Set([200]));
      await Promise.all(Array.from({ length: 5 }, () => early(base)));
      const rivers = JSON.stringify({
        model: 'kimi-k2',
        messages: [{ role: 'user', content: 'Name three rivers' }],
      });
      const response = await fetch(`${base}/api/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: rivers,
      });
      const done = await ChatCompletionStream.fromReadableStream(response).finalCompletion();
      assert.match(done.choices[0].message.content, /the Nile, the Amazon and the Yangtze/i);
      assert.equal(done.choices[0].finish_reason, 'stop');
      // Clients that left, before headers or during the answer, are no error to log.
      assert.doesNotMatch(child.stderrText, /APIUserAbortError|Error:| {4}at /);
    } finally {
      child.kill();
    }
  });
}

/** A POST to the relay with the headers and body given; its status and JSON body. */
async function post(base, headers, body) {
  const url = new URL(`${base}/api/chat/completions`);
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', headers }, (res) => {
      let text = '';
      res.on('data', (d) => (text += d));
      res.on('end', () =>
        resolve({ status: res.statusCode, type: res.headers['content-type'] ?? '', text }),
      );
    });
    req.on('error', reject);
    req.end(body);
  });
}

for (const relay of ['express.ts', 'hono.ts', 'fastify.ts']) {
  test(`${relay}: only JSON, from its own pages, to its own name, within 64 kB; every refusal is one JSON error`, async () => {
    const { child, url } = start(relay);
    try {
      const base = await url;
      const json = { 'content-type': 'application/json' };
      // What any web page can send without a preflight: text/plain, no-cors.
      const plain = await post(
        base,
        { 'content-type': 'text/plain', origin: 'http://evil.example' },
        body,
      );
      assert.equal(plain.status, 403, plain.text);
      const plainSameSite = await post(base, { 'content-type': 'text/plain' }, body);
      assert.equal(plainSameSite.status, 415, plainSameSite.text);
      const foreign = await post(base, { ...json, origin: 'http://evil.example' }, body);
      assert.equal(foreign.status, 403, foreign.text);
      // DNS rebinding: the attacker's name in Host.
      const rebound = await post(base, { ...json, host: 'evil.example' }, body);
      assert.equal(rebound.status, 403, rebound.text);
      const huge = JSON.stringify({
        model: 'kimi-k2',
        messages: [{ role: 'user', content: 'x'.repeat(200_000) }],
      });
      const large = await post(base, json, huge);
      assert.equal(large.status, 413, large.text);
      const broken = await post(base, json, '{"model":');
      assert.equal(broken.status, 400, broken.text);
      for (const r of [plain, plainSameSite, foreign, rebound, large, broken]) {
        assert.match(r.type, /application\/json/);
        assert.ok(JSON.parse(r.text).error.message, r.text);
        assert.doesNotMatch(r.text, /\s+at |\/work\/|node_modules/);
      }
      // Its own page (same origin) still gets an answer.
      const short = JSON.stringify({
        model: 'kimi-k2',
        messages: [{ role: 'user', content: 'Name three rivers' }],
      });
      const own = await post(base, { ...json, origin: base }, short);
      assert.equal(own.status, 200, own.text);
    } finally {
      child.kill();
    }
  });
}
