import { libraryBuild } from '../../scripts/lib/tsdown-package.mjs';

// `constants` holds what the SDK needs at run time (model ids, operations, request rules)
// without the openapi-fetch client: `require('@comput3/core')` loads nothing it does not use.
export default libraryBuild({
  index: 'src/index.ts',
  'generated/constants': 'src/generated/constants.ts',
  'generated/spec': 'src/generated/spec.ts',
  // Not generated: what a secret is and how it is hidden, shared by the SDK and the mock.
  'secrets/index': 'src/secrets/index.ts',
});
