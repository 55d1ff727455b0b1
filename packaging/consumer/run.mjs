// Entry for Node, Bun and Deno: node run.mjs <mock base URL>
import { smoke } from './smoke.js';

console.log(await smoke(process.argv[2] ?? globalThis.Deno?.args?.[0]));
