/** Replaced at build time by scripts/build.mjs with the package version. */
declare const __VERSION__: string;
