import { libraryBuild } from '../../scripts/lib/tsdown-package.mjs';

export default libraryBuild({ index: 'src/index.ts', redis: 'src/redis/index.ts' });
