// The main entry as servers load it (Node, Bun and Deno by the "node" export condition, Workers by
// "workerd", Vercel's edge by "edge-light"): the same exports, with what only a server uses
// installed: the reader of connection failures' causes (diagnose.ts), the following of
// same-origin redirects (redirects.ts), the quick look at a stream's usual chunk
// (usual-chunk.ts), the fallback to other models (fallback.ts), the relays of a stream (relay.ts: toResponse() and the
// readable streams), the redactor of relayed bytes (@comput3/api/secrets) and the headers in the
// debug log (a browser's developer tools show them). A browser bundle leaves them out, and
// keeps its 10 kB budget for what a page uses.
import { installDiagnosis } from './internal/diagnose.js';
import { installFallback } from './internal/fallback.js';
import { installRedirects } from './internal/redirects.js';
import { installRelays } from './internal/relay.js';
import { installUsualChunks } from './internal/usual-chunk.js';
import { redactor } from '@comput3/api/secrets';
import { logHeaders, logHeadersWith, redactBytesWith } from './internal/secrets.js';

installDiagnosis();
installFallback();
installRelays();
installRedirects();
installUsualChunks();
redactBytesWith(redactor);
logHeadersWith(logHeaders);

export * from './index.js';
export { default } from './index.js';
