import type { DiffFile } from './diff.js';

/**
 * "What does this code do?" over the files a message gives (`-f`, or a diff): what each file
 * is, in its language, what it defines and what it brings in, read from the code itself. One
 * pass over each file's lines, with patterns anchored at the line's start.
 */
const LANGUAGES: [RegExp, string][] = [
  [/\.(ts|tsx|mts|cts)$/, 'TypeScript'],
  [/\.(js|jsx|mjs|cjs)$/, 'JavaScript'],
  [/\.py$/, 'Python'],
  [/\.go$/, 'Go'],
  [/\.rs$/, 'Rust'],
  [/\.(sh|bash)$/, 'shell'],
  [/\.(md|markdown)$/, 'Markdown'],
  [/\.json$/, 'JSON'],
  [/\.ya?ml$/, 'YAML'],
];

/** A definition at the start of a line: `export function x`, `class Y`, `def z`, `fn w`, `func v`. */
const DEFINES =
  /^\s{0,4}(?:export\s+)?(?:default\s+)?(?:async\s+)?(?:function\*?|class|interface|type|def|fn|func|const|enum)\s+([A-Za-z_$][\w$]{0,60})/;
const IMPORTS =
  /^\s*(?:import\s.*?from\s+['"]([^'"]{1,100})['"]|import\s+([\w.]{1,60})|from\s+([\w.]{1,60})\s+import|const\s+\w+\s*=\s*require\(['"]([^'"]{1,100})['"]\))/;

function describe(file: DiffFile): string {
  const language = LANGUAGES.find(([ext]) => ext.test(file.path))?.[1] ?? 'text';
  const lines = file.added.map((l) => l.text);
  const defines: string[] = [];
  const imports: string[] = [];
  for (const line of lines) {
    if (line.length > 400) continue;
    const defined = DEFINES.exec(line)?.[1];
    if (defined && !defines.includes(defined)) defines.push(defined);
    const m = IMPORTS.exec(line);
    const from = m && (m[1] ?? m[2] ?? m[3] ?? m[4]);
    if (from && !imports.includes(from)) imports.push(from);
  }
  const parts = [
    `**${file.path}** (${language}, ${lines.length} line${lines.length === 1 ? '' : 's'})`,
  ];
  if (defines.length)
    parts.push(
      `defines ${defines
        .slice(0, 8)
        .map((d) => `\`${d}\``)
        .join(', ')}${defines.length > 8 ? ` and ${defines.length - 8} more` : ''}`,
    );
  if (imports.length)
    parts.push(
      `uses ${imports
        .slice(0, 6)
        .map((i) => `\`${i}\``)
        .join(', ')}`,
    );
  if (!defines.length && !imports.length)
    parts.push('defines nothing by name: it is data or a script run top to bottom');
  return `- ${parts.join('; ')}.`;
}

export function explainCode(files: readonly DiffFile[]): string {
  const total = files.reduce((n, f) => n + f.added.length, 0);
  return [
    `${files.length === 1 ? 'One file' : `${files.length} files`}, ${total} lines. What each one is, from what it defines and uses:`,
    '',
    ...files.slice(0, 20).map(describe),
    ...(files.length > 20 ? [`- and ${files.length - 20} more files.`] : []),
    '',
    'That is what the code declares; what it is for, its names and comments say best. I am the offline mock: I read the structure, not the meaning.',
  ].join('\n');
}
