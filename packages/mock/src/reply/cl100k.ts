/**
 * The cl100k_base encoding, and nothing else of gpt-tokenizer: the build bundles this module
 * on its own into `dist/cl100k.cjs` (which the ESM build imports too), so an install of the mock carries this one
 * encoding (about 1.2 MB) instead of the whole package (28 MB, every encoding, three times).
 * `tokens.ts` loads it as `#cl100k` (package.json `imports`): the built file in a package, this
 * source in the repository's tests. gpt-tokenizer is MIT-licensed (THIRD_PARTY_NOTICES.md).
 */
export { decode, decodeGenerator, encode } from 'gpt-tokenizer/encoding/cl100k_base';
