import { Comput3 } from '@comput3/core';

// One client for the server, made on first use. With COMPUT3_API_KEY, the real API; without
// one, a local mock (started once), so the example runs offline. `next build` runs without
// either: nothing is called until a request comes.
let client: Promise<Comput3> | undefined;

export function comput3(): Promise<Comput3> {
  client ??= process.env.COMPUT3_API_KEY
    ? Promise.resolve(new Comput3())
    : import('@comput3/mock')
        .then(({ startMockServer }) => startMockServer({ pace: 'realistic' }))
        .then((mock) => new Comput3({ apiKey: 'offline', baseURL: mock.url }));
  return client;
}
