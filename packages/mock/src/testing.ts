/**
 * `@comput3/mock/testing`: recorded answers in an app's own tests. The real API's answers to
 * the app's prompts are recorded once (with a key, `COMPUT3_CASSETTES=record-missing`), kept
 * in the repository as cassettes, and replayed in every run after: no key, no network, the same
 * bytes; a request that changed fails the test with the field that differs.
 *
 * @module testing
 */
import { startMockServer, type MockServer } from './server.js';
import type { CassetteOptions } from './cassettes/index.js';

/** The options of the helpers: the cassettes' (one cassette per test, named for it). */
export type RecordedAnswersOptions = Omit<CassetteOptions, 'cassette'>;

/** A test runner's hooks: Vitest's and Jest's have these names. */
export interface Hooks {
  beforeAll(fn: () => Promise<void>): void;
  afterAll(fn: () => Promise<void>): void;
  afterEach(fn: () => void): void;
  /** The runner's `expect`, which names the test running (`expect.getState()`). */
  expect?: { getState(): { currentTestName?: string | undefined } };
}

/** The test running now, as Jest and Vitest tell it (`expect.getState()`). */
function currentTest(hooks: Hooks): string | undefined {
  const expect = hooks.expect ?? (globalThis as { expect?: Hooks['expect'] }).expect;
  return expect?.getState().currentTestName;
}

/** Fails a test that asked for something its cassette has no recording of, saying what differed. */
function checkMisses(server: MockServer): void {
  const misses = server.cassette?.misses ?? [];
  if (misses.length) throw new Error(misses.join('\n\n'));
}

/**
 * Vitest and Jest: one mock server for the file (started before its tests, stopped after), a
 * cassette per test. Pass the runner's hooks (`import { beforeAll, afterAll, afterEach } from
 * 'vitest'`, and `expect` for the tests' names), or let Jest's globals (and Vitest's, with
 * `globals: true`) be found.
 *
 * @example
 * ```ts
 * const answers = recordedAnswers({ dir: 'test/cassettes', upstream: 'https://api.comput3.ai/v1', hooks: { beforeAll, afterAll, afterEach, expect } });
 * test('summarises a ticket', async () => {
 *   const client = new Comput3({ baseURL: answers.useCassette(), apiKey: process.env.COMPUT3_API_KEY ?? 'replay' });
 *   …
 * });
 * ```
 */
export function recordedAnswers(options: RecordedAnswersOptions & { hooks?: Hooks }): {
  /**
   * The cassette for this test (by default named after it), and the base URL to give the
   * client. A request it has no recording of fails the test after it ends, with the difference.
   */
  useCassette(name?: string): string;
  /** The mock server, once started. */
  readonly server: MockServer;
} {
  const { hooks = globalThis as unknown as Hooks, ...cassettes } = options;
  // Vitest's hooks and expect, or Jest's globals.
  if (typeof hooks.beforeAll !== 'function') {
    throw new Error(
      "recordedAnswers() needs the test runner's hooks: pass { hooks: { beforeAll, afterAll, afterEach } } (Vitest without globals).",
    );
  }
  let server: MockServer | undefined;
  hooks.beforeAll(async () => {
    server = await startMockServer({ cassettes });
  });
  hooks.afterAll(async () => {
    await server?.close();
  });
  hooks.afterEach(() => {
    if (server) checkMisses(server);
  });
  return {
    useCassette(name = currentTest(hooks)) {
      if (!server)
        throw new Error('useCassette() is called inside a test, after the server started.');
      if (!name) {
        throw new Error(
          "useCassette() needs a name here: no test name is known (pass the runner's expect in hooks, or a name).",
        );
      }
      server.useCassette(name);
      return server.url;
    },
    get server() {
      if (!server) throw new Error('The server starts before the first test.');
      return server;
    },
  };
}

/**
 * `node:test`: a test body with a mock server of its own, a cassette named after the test, and
 * the check for requests it had no recording of; the server is stopped however the test ends.
 *
 * @example
 * ```ts
 * test('summarises a ticket', withCassettes({ dir: 'test/cassettes' }, async ({ baseURL }) => { … }));
 * ```
 */
export function withCassettes<T extends { name: string; fullName?: string }>(
  options: RecordedAnswersOptions,
  body: (context: { baseURL: string; server: MockServer; test: T }) => Promise<void> | void,
): (test: T) => Promise<void> {
  return async (test) => {
    const server = await startMockServer({
      cassettes: { ...options, cassette: test.fullName ?? test.name },
    });
    try {
      await body({ baseURL: server.url, server, test });
      checkMisses(server);
    } finally {
      await server.close();
    }
  };
}
