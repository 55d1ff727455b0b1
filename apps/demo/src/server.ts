import { fileURLToPath } from 'node:url';
import { Comput3, type ClientOptions } from '@comput3/core';
import { networkFetch, type NetworkOptions } from '@comput3/core/node';
import { startMockServer, type MockServer, type MockServerOptions } from '@comput3/mock';
import { serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { createApp, type AppOptions } from './app.js';

export interface DemoOptions {
  port?: number;
  host?: string;
  /** With no key (option or COMPUT3_API_KEY), the demo runs offline against an in-process mock. */
  apiKey?: string;
  baseURL?: string;
  /** Options for the offline mock (tests inject faults through it). */
  mock?: MockServerOptions;
  chatsPerMinute?: AppOptions['chatsPerMinute'];
  /**
   * How the server reaches the API: a proxy (default HTTPS_PROXY / HTTP_PROXY / NO_PROXY) and
   * extra CAs (default COMPUT3_CA_FILE; NODE_EXTRA_CA_CERTS works as for any Node program).
   * The page never sees any of it.
   */
  network?: NetworkOptions;
  /** Headers sent upstream with every request (a company gateway's, say); never to the page. */
  headers?: Record<string, string>;
  /**
   * Public host names the page may be served under (default: ALLOWED_HOSTS, comma-separated).
   * Loopback names and IP addresses always work; any other `Host` gets a 403 (DNS rebinding).
   */
  allowedHosts?: readonly string[];
}

export interface Demo {
  url: string;
  mode: AppOptions['mode'];
  /** The in-process mock, in offline mode. */
  mock: MockServer | undefined;
  close(): Promise<void>;
}

// The built page: dist/client, next to dist/server (or found from src/ when run from source).
const ASSETS = fileURLToPath(
  new URL(
    import.meta.url.includes('/dist/server/') ? '../client/' : '../dist/client/',
    import.meta.url,
  ),
);

/** What the offline chat says where the mock has no answer: how to get a real one, here. */
export const REAL_ANSWER =
  'For a real answer, start this chat with a key: store one with `comput3 keys set` (or set `COMPUT3_API_KEY`), then `pnpm demo` again.';

export async function startDemo(options: DemoOptions = {}): Promise<Demo> {
  const apiKey = 'apiKey' in options ? options.apiKey : process.env.COMPUT3_API_KEY;
  // Offline, the mock answers at a model's pace, so streaming, Stop and the stats can be seen.
  const mock = apiKey
    ? undefined
    : await startMockServer({
        pace: 'realistic',
        realAnswer: REAL_ANSWER,
        ...options.mock,
      });
  // A person is waiting: show a failure at once (with its retry time) rather than retrying
  // behind a spinner for up to a minute. They can press Send again.
  // With OTEL_EXPORTER_OTLP_ENDPOINT set, each upstream call is a span (see telemetry.ts).
  const traces = process.env.OTEL_EXPORTER_OTLP_ENDPOINT
    ? (await import('./telemetry.js')).tracing()
    : undefined;
  const settings = {
    maxRetries: 0,
    timeout: 60_000,
    ...(options.headers ? { defaultHeaders: options.headers } : {}),
    ...(traces ? { observe: traces.observe } : {}),
  };
  const client = mock
    ? new Comput3({ apiKey: 'offline-mock', baseURL: mock.url, ...settings })
    : new Comput3({
        apiKey,
        ...(options.baseURL ? { baseURL: options.baseURL } : {}),
        ...settings,
        ...(await networkFor(options.network)),
      });
  const mode = mock ? 'offline mock' : 'live API';
  const app = createApp({
    client,
    mode,
    assets: ASSETS,
    // Against the local mock nothing is paid for and no one else is served: no limit.
    chatsPerMinute: options.chatsPerMinute ?? (mock ? false : undefined),
    allowedHosts: options.allowedHosts ?? (process.env.ALLOWED_HOSTS ?? '').split(','),
  });
  const host = options.host ?? '127.0.0.1';
  // A port in use is an error to the caller (main.ts tries the next), and the mock goes with it.
  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const s = serve({ fetch: app.fetch, port: options.port ?? 0, hostname: host }, () =>
      resolve(s),
    );
    s.once('error', reject);
  }).catch(async (error: unknown) => {
    await mock?.close();
    await traces?.shutdown();
    throw error;
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${port}/`,
    mode,
    mock,
    close: async () => {
      (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await mock?.close();
      await traces?.shutdown();
    },
  };
}

/** A fetch through the proxy and CAs configured, or none (Node's own fetch). */
async function networkFor(
  network: NetworkOptions | undefined,
): Promise<Pick<ClientOptions, 'fetch'>> {
  const caFile = process.env.COMPUT3_CA_FILE;
  const fetch = await networkFetch(network ?? (caFile ? { caFile } : {}));
  return fetch ? { fetch } : {};
}
