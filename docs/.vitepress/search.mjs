// How the site's search ranks what it finds (MiniSearch's search options, passed to VitePress's
// local search). A plain module, so docs/test/site.test.mjs ranks with the very same options.

export const searchOptions = {
  // A guide explains; the references list. For "retry", "Errors and retries" comes before the
  // reference entries that mention retries. The function is sent to the page as its source
  // (VitePress serializes functions in the theme config), so it uses nothing from outside.
  boostDocument: (id) => (id.includes('/guide/') ? 3 : id.includes('/http/') ? 1.5 : 1),
};
