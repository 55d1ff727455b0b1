/**
 * A unified diff (`git diff`, `diff -u`) read into files and their added and removed lines,
 * with the new line numbers of the added ones. One pass over the lines; a diff longer than
 * MAX_LINES is read that far (the rest is counted as not read).
 */
export interface DiffFile {
  path: string;
  status: 'added' | 'deleted' | 'modified' | 'renamed';
  /** Added lines and their line numbers in the new file. */
  added: { line: number; text: string }[];
  removed: string[];
}

const MAX_LINES = 20_000;

/** The files of a unified diff in `text`; none when it holds no diff. */
export function parseDiff(text: string): DiffFile[] {
  const files: DiffFile[] = [];
  let file: DiffFile | undefined;
  let line = 0;
  const lines = text.split('\n', MAX_LINES);
  for (const raw of lines) {
    const l = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (l.startsWith('diff --git ')) {
      const path = / b\/(.+)$/.exec(l)?.[1] ?? l.slice(11);
      file = { path, status: 'modified', added: [], removed: [] };
      files.push(file);
    } else if (l.startsWith('--- ') && !file) {
      // `diff -u` with no git header: the file is named on the +++ line.
      file = { path: '', status: 'modified', added: [], removed: [] };
      files.push(file);
    } else if (!file) {
      continue;
    } else if (l.startsWith('new file mode')) file.status = 'added';
    else if (l.startsWith('deleted file mode')) file.status = 'deleted';
    else if (l.startsWith('rename to ')) {
      file.status = 'renamed';
      file.path = l.slice(10);
    } else if (l.startsWith('+++ ')) {
      const named = l.slice(4).replace(/^b\//, '').replace(/\t.*$/, '');
      if (named !== '/dev/null' && !file.path) file.path = named;
    } else if (l.startsWith('--- ')) {
      continue;
    } else if (l.startsWith('@@')) {
      line = Number(/\+(\d+)/.exec(l)?.[1] ?? 1);
    } else if (l.startsWith('+')) {
      file.added.push({ line: line++, text: l.slice(1) });
    } else if (l.startsWith('-')) {
      file.removed.push(l.slice(1));
    } else if (l.startsWith(' ')) line++;
  }
  return files.filter((f) => f.path);
}

/** The top-level names a file's added lines define: functions, classes, constants, types. */
export function definedNames(file: DiffFile): string[] {
  const names: string[] = [];
  for (const { text } of file.added) {
    const m =
      /^(?:export\s+)?(?:default\s+)?(?:async\s+)?(?:function\*?|class|interface|type|enum|const|let|def|fn|func)\s+([A-Za-z_$][\w$]*)/.exec(
        text,
      );
    if (m && !names.includes(m[1]!)) names.push(m[1]!);
  }
  return names;
}
