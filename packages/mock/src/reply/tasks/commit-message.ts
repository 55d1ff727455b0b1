import { definedNames, type DiffFile } from './diff.js';

/**
 * A commit message for a diff, derived from what it changes: a subject in the imperative (what
 * was added, removed or changed, and where), then a line per file with its added and removed
 * lines and the names it defines. Under 72 characters a line, as git's tools show them.
 */
export function commitMessage(files: readonly DiffFile[]): string {
  const subject = subjectOf(files);
  const body = files.slice(0, 12).map((f) => {
    const names = definedNames(f).slice(0, 3);
    const what =
      f.status === 'added'
        ? 'new'
        : f.status === 'deleted'
          ? 'deleted'
          : f.status === 'renamed'
            ? 'renamed'
            : `+${f.added.length} -${f.removed.length}`;
    return clip(`- ${f.path}: ${what}${names.length ? `; ${names.join(', ')}` : ''}`);
  });
  if (files.length > 12) body.push(`- and ${files.length - 12} more files`);
  return ['```text', subject, '', ...body, '```'].join('\n');
}

function subjectOf(files: readonly DiffFile[]): string {
  const [only] = files;
  if (files.length === 1 && only) {
    const base = only.path.split('/').pop()!;
    const names = definedNames(only);
    if (only.status === 'added') return clip(`Add ${base}`);
    if (only.status === 'deleted') return clip(`Remove ${base}`);
    if (only.status === 'renamed') return clip(`Rename to ${base}`);
    if (names.length) return clip(`Add ${names.slice(0, 2).join(' and ')} to ${base}`);
    if (!only.added.length) return clip(`Remove ${only.removed.length} lines from ${base}`);
    return clip(`Update ${base}`);
  }
  const dirs = files.map((f) => f.path.split('/').slice(0, -1).join('/'));
  const common = dirs.reduce((a, b) => {
    let i = 0;
    while (i < a.length && a[i] === b[i]) i++;
    return a.slice(0, i).replace(/\/[^/]*$/, '');
  });
  const added = files.filter((f) => f.status === 'added').length;
  const verb = added === files.length ? 'Add' : 'Update';
  return clip(`${verb} ${files.length} files${common ? ` in ${common}` : ''}`);
}

const clip = (line: string) => (line.length > 72 ? `${line.slice(0, 71)}…` : line);
