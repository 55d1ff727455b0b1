import { Comput3, type ClientOptions } from '@comput3/core';
import { readConfig } from './storage/config.js';
import { findKey } from './storage/keys.js';
import { CliError, EXIT } from './cli-error.js';
import type { Options } from './options.js';

export interface Connection {
  client: Comput3;
  offline: boolean;
  close(): Promise<void>;
}

/**
 * A proxy (--proxy, the config, HTTPS_PROXY / HTTP_PROXY) or extra CAs (--ca-file, the config)
 * mean a fetch of undici's own; nothing configured leaves Node's fetch, and undici is not even
 * loaded, so start-up stays fast. NODE_EXTRA_CA_CERTS needs nothing here: Node reads it.
 */
async function networkSettings(options: Options): Promise<{ fetch?: ClientOptions['fetch'] }> {
  const config = readConfig();
  const proxy = options.proxy ?? config.proxy;
  const caFile = options.caFile ?? config['ca-file'];
  const env = process.env;
  const fromEnv = ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy'].some((n) => env[n]);
  if (!proxy && !caFile && !fromEnv) return {};
  const { networkFetch } = await import('@comput3/core/node');
  try {
    const fetch = await networkFetch({
      ...(proxy ? { proxy } : {}),
      ...(caFile ? { caFile } : {}),
    });
    return fetch ? { fetch } : {};
  } catch (error) {
    const message = (error as Error).message;
    if (!message.startsWith('caFile')) throw error;
    throw new CliError(message.replace(/^caFile/, '--ca-file'), EXIT.usage);
  }
}

/** Tracing, when OTEL_EXPORTER_OTLP_ENDPOINT is set (see telemetry.ts); nothing otherwise. */
async function telemetry(): Promise<{
  observe?: ClientOptions['observe'];
  flush(): Promise<void>;
}> {
  if (!process.env.OTEL_EXPORTER_OTLP_ENDPOINT) return { flush: async () => {} };
  return (await import('./telemetry.js')).tracing();
}

/** A client for the real API, or, with --offline, for a mock server started in this process. */
/** What `--offline` says where the mock has no answer: how to get a real one, from here. */
export const OFFLINE_REAL_ANSWER =
  'For a real answer, set `COMPUT3_API_KEY` (or run `comput3 keys set`) and ask again without `--offline`.';

export async function connect(options: Options): Promise<Connection> {
  const traces = await telemetry();
  const connection = await connectTo(options, traces.observe);
  return {
    ...connection,
    close: async () => {
      await connection.close();
      await traces.flush();
    },
  };
}

async function connectTo(options: Options, observe: ClientOptions['observe']): Promise<Connection> {
  // Flags first, then the config (`comput3 config set timeout|retries|base-url`).
  const config = readConfig();
  const timeout =
    options.timeout ?? (config.timeout ? Math.round(Number(config.timeout) * 1000) : undefined);
  const retries = options.retries ?? (config.retries ? Number(config.retries) : undefined);
  const settings = {
    ...(timeout !== undefined ? { timeout } : {}),
    ...(retries !== undefined ? { maxRetries: retries } : {}),
    ...(observe ? { observe } : {}),
  };
  if (options.offline) {
    // Loaded only here: the mock (and its JSON Schema validator) is not part of normal start-up.
    const { startMockServer } = await import('@comput3/mock');
    // Paced like a real model, so what you see offline is what you would see online;
    // COMPUT3_OFFLINE_PACE=instant answers at once (scripts, tests);
    // COMPUT3_OFFLINE_OVERLOADED=a,b makes those models answer 503, to see --fallback at work.
    const overloaded = process.env.COMPUT3_OFFLINE_OVERLOADED?.split(',').map((m) => m.trim());
    const mock = await startMockServer({
      pace: process.env.COMPUT3_OFFLINE_PACE === 'instant' ? 'instant' : 'realistic',
      ...(overloaded ? { overloaded } : {}),
      realAnswer: OFFLINE_REAL_ANSWER,
    });
    return {
      client: new Comput3({ apiKey: 'offline-mock', baseURL: mock.url, ...settings }),
      offline: true,
      close: () => mock.close(),
    };
  }
  const apiKey = (await findKey())?.key;
  if (!apiKey) {
    throw new CliError(
      'No API key: set COMPUT3_API_KEY, or store one with `comput3 keys set` (or try --offline).',
      EXIT.auth,
    );
  }
  return {
    client: new Comput3({
      apiKey,
      // --base-url, then COMPUT3_BASE_URL (read by the SDK), then the config.
      ...(options.baseURL
        ? { baseURL: options.baseURL }
        : !process.env.COMPUT3_BASE_URL && config['base-url']
          ? { baseURL: config['base-url'] }
          : {}),
      ...settings,
      ...(await networkSettings(options)),
    }),
    offline: false,
    close: async () => {},
  };
}
