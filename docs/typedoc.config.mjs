// @ts-check
// The SDK reference: every public export of every published package, from its source.
// Validation is strict on purpose: an undocumented export or a broken {@link} fails the build.
import { OptionDefaults } from 'typedoc';

/** @type {Partial<import('typedoc').TypeDocOptions & import('typedoc-plugin-markdown').PluginOptions>} */
export default {
  entryPointStrategy: 'packages',
  entryPoints: [
    '../packages/api',
    '../packages/core',
    '../packages/mock',
    '../packages/ai-sdk',
    '../packages/batch',
  ],
  packageOptions: {
    // openapi-typescript marks single-value enums with @constant.
    modifierTags: [...OptionDefaults.modifierTags, '@constant'],
    validation: { notExported: true, invalidLink: true, invalidPath: true, notDocumented: true },
    excludePrivate: true,
    excludeInternal: true,
    sourceLinkTemplate: 'https://github.com/comput3/comput3-toolkit/blob/main/{path}#L{line}',
  },
  plugin: ['typedoc-plugin-markdown', 'typedoc-vitepress-theme', './typedoc/raw-maps.mjs'],
  out: 'reference',
  docsRoot: '.',
  name: 'SDK reference',
  readme: './typedoc/intro.md',
  sourceLinkTemplate: 'https://github.com/comput3/comput3-toolkit/blob/main/{path}#L{line}',
  validation: { notExported: true, invalidLink: true, invalidPath: true, notDocumented: true },
  treatWarningsAsErrors: true,
};
