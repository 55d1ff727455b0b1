// The main entry as servers load it (Node, Bun and Deno by the "node" export condition, Workers by
// "workerd", Vercel's edge by "edge-light"): the same exports, with the reader of connection
// failures' causes (diagnose.ts) and the redactor of relayed bytes (secrets-in-bytes.ts)
// installed. A browser bundle leaves both out.
import { installDiagnosis } from './internal/diagnose.js';
import { redactor } from './internal/secrets-in-bytes.js';
import { redactBytesWith } from './internal/secrets.js';

installDiagnosis();
redactBytesWith(redactor);

export * from './index.js';
export { default } from './index.js';
