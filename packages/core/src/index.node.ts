// The main entry as Node (and Bun and Deno, by the "node" export condition) load it: the same
// exports, with the reader of connection failures' causes installed (diagnose.ts).
import { installDiagnosis } from './diagnose.js';

installDiagnosis();

export * from './index.js';
export { default } from './index.js';
