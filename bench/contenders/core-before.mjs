// Ours, as it was before a change, measured side by side with the current build in one run:
//   git archive <commit> packages/core/src | tar -x -C /tmp/before
//   npx esbuild /tmp/before/packages/core/src/index.ts --bundle --format=esm --platform=node \
//     --external:undici --outfile=bench/.core-before.mjs   (from packages/core, so @comput3/api resolves)
//   BENCH_BEFORE=1 pnpm --filter @comput3/bench bench
import { Comput3 } from '../.core-before.mjs';
import { createWith } from './core.mjs';

export const create = createWith(Comput3);
