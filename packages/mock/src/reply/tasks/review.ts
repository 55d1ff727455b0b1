import { definedNames, type DiffFile } from './diff.js';

/**
 * Review remarks on a diff, from what its added lines say: each rule below that a line breaks
 * is one remark with the file and line, at most three per rule. Checks of the kind a linter or
 * a careful reader makes; no remark is invented where no line calls for it.
 */
const RULES: { test: (text: string, path: string) => boolean; says: string }[] = [
  {
    test: (t) => /\bconsole\.(log|debug)\(|\bprint\(|\bdebugger\b/.test(t),
    says: 'debug output left in: remove it, or use the logger',
  },
  {
    test: (t) => /\b(TODO|FIXME|XXX)\b/.test(t),
    says: 'unfinished work marked: finish it or file an issue',
  },
  {
    test: (t, p) => /\.(ts|tsx|mts|cts)$/.test(p) && /(:\s*any\b|\bas any\b)/.test(t),
    says: '`any` turns type checking off here: name the type, or `unknown` and a check',
  },
  {
    test: (t, p) => /\.(js|jsx|ts|tsx|mjs|cjs|mts|cts)$/.test(p) && /[^=!<>]==[^=]|!=[^=]/.test(t),
    says: 'loose equality (`==`): `===` says what is meant',
  },
  {
    // One \s* before the optional parenthesis only: two in a row would retry every split of a
    // long run of spaces.
    test: (t) => /catch\s*(?:\([^)]*\)\s*)?\{\s*\}/.test(t),
    says: 'an empty catch swallows the error: handle it, or say in a comment why it can be ignored',
  },
  {
    test: (t) => /\b(api[_-]?key|secret|password|token)\b\s*[:=]\s*['"][^'"\s]{8,}['"]/i.test(t),
    says: 'looks like a secret written into the code: read it from the environment',
  },
  {
    test: (t) => /\beval\(|new Function\(/.test(t),
    says: 'code built from strings (`eval`): hard to check and unsafe with outside input',
  },
  {
    test: (t) => t.length > 120,
    says: 'a line over 120 characters: break it, or let the formatter',
  },
];

export function review(files: readonly DiffFile[]): string {
  const remarks: string[] = [];
  for (const rule of RULES) {
    const hits = files.flatMap((f) =>
      f.added.filter((a) => rule.test(a.text, f.path)).map((a) => `${f.path}:${a.line}`),
    );
    if (hits.length) {
      const where =
        hits.slice(0, 3).join(', ') + (hits.length > 3 ? ` and ${hits.length - 3} more` : '');
      remarks.push(`- **${where}**: ${rule.says}.`);
    }
  }
  const added = files.reduce((n, f) => n + f.added.length, 0);
  const removed = files.reduce((n, f) => n + f.removed.length, 0);
  const tests = files.some((f) =>
    /(^|\/)(test|tests|__tests__|spec)\/|\.(test|spec)\./.test(f.path),
  );
  const defined = files.flatMap((f) => definedNames(f));
  if (defined.length && !tests) {
    remarks.push(
      `- No test changes beside new code (${defined
        .slice(0, 3)
        .map((n) => `\`${n}\``)
        .join(', ')}): a test for ${defined.length > 1 ? 'each' : 'it'} would keep it working.`,
    );
  }
  const scope = `${files.length} file${files.length === 1 ? '' : 's'}, +${added} -${removed}`;
  return remarks.length
    ? `Review of ${scope}:\n\n${remarks.join('\n')}`
    : `Review of ${scope}: nothing in the added lines calls for a change (no debug output, loose equality, empty catch, \`any\`, secrets or over-long lines).`;
}
