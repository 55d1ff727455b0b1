import stringWidth from 'string-width';
import wrapAnsi from 'wrap-ansi';
import { bold, dim, inline } from './line.js';

/** The cells of a table row, or 'rule' for its |---|:--:| line; undefined if not a row. */
export function tableRow(line: string): string[] | 'rule' | undefined {
  if (!/^\s*\|.*\|\s*$/.test(line)) return undefined;
  const cells = line
    .trim()
    .slice(1, -1)
    .split(/(?<!\\)\|/)
    .map((c) => c.trim().replace(/\\\|/g, '|'));
  return cells.every((c) => /^:?-+:?$/.test(c)) ? 'rule' : cells;
}

/** Narrower than this, a column's words would break mid-word: the table is stacked instead. */
const MIN_COLUMN = 8;

/**
 * The rows as a boxed table no wider than `columns`: columns as wide as their widest cell
 * when that fits; otherwise the widest are narrowed (each keeps at least its fair share) and
 * their cells wrap at words. When even that cannot fit (many columns on a narrow terminal),
 * each row is stacked as "header: value" lines, which read at any width.
 */
export function drawTable(
  rows: (string[] | 'rule')[],
  columns: number,
): string[] & { lastRow?: number } {
  const rendered = rows.map((r) => (r === 'rule' ? r : r.map(inline)));
  const cells = rendered.filter((r): r is string[] => r !== 'rule');
  const count = Math.max(...cells.map((r) => r.length), 1);
  const natural = Array.from({ length: count }, (_, i) =>
    Math.max(1, ...cells.map((r) => stringWidth(r[i] ?? ''))),
  );
  const room = columns - (3 * count + 1); // "│ " + " │ " between + " │"
  const widths = fit(natural, room);
  if (!widths) return stacked(rendered, columns);
  const ruleAt = rendered.indexOf('rule');
  const line = (l: string, m: string, r: string) =>
    dim(`${l}${widths.map((w) => '─'.repeat(w + 2)).join(m)}${r}`);
  const out: string[] & { lastRow?: number } = [line('┌', '┬', '┐')];
  rendered.forEach((r, index) => {
    if (r === 'rule') return void out.push(line('├', '┼', '┤'));
    out.lastRow = 0;
    const wrapped = widths.map((w, i) => wrapAnsi(r[i] ?? '', w, { hard: true }).split('\n'));
    const height = Math.max(...wrapped.map((c) => c.length));
    for (let k = 0; k < height; k++) {
      const row = widths.map((w, i) => {
        const cell = wrapped[i]![k] ?? '';
        const padded = cell + ' '.repeat(Math.max(0, w - stringWidth(cell)));
        return index < ruleAt ? bold(padded) : padded;
      });
      out.push(`${dim('│')} ${row.join(` ${dim('│')} `)} ${dim('│')}`);
      out.lastRow!++;
    }
  });
  out.push(line('└', '┴', '┘'));
  return out;
}
// (`lastRow`: how many of the lines, just above the bottom border, are the last row's.)

/**
 * Column widths that add up to at most `room`: the natural ones when they fit, else each
 * column below the fair share keeps its width and the rest share what is left (water-filling).
 * Undefined when a column would get fewer than MIN_COLUMN.
 */
function fit(natural: number[], room: number): number[] | undefined {
  const total = natural.reduce((a, b) => a + b, 0);
  if (total <= room) return natural;
  const widths = [...natural];
  let open = natural.map((_, i) => i);
  let left = room;
  for (;;) {
    const share = Math.floor(left / open.length);
    const small = open.filter((i) => natural[i]! <= share);
    if (!small.length) {
      if (share < MIN_COLUMN) return undefined;
      open.forEach((i, k) => (widths[i] = share + (k < left - share * open.length ? 1 : 0)));
      return widths;
    }
    for (const i of small) left -= natural[i]!;
    open = open.filter((i) => natural[i]! > share);
    if (!open.length) return widths;
  }
}

/** Each body row as a block of "header: value" lines, blocks separated by a thin rule. */
function stacked(rows: (string[] | 'rule')[], columns: number): string[] {
  const ruleAt = rows.indexOf('rule');
  const head = (ruleAt > 0 ? rows[0] : undefined) as string[] | undefined;
  const body = rows.filter((r, i): r is string[] => r !== 'rule' && (ruleAt <= 0 || i > ruleAt));
  const out: string[] = [dim('─'.repeat(Math.min(columns, 60)))];
  for (const r of body) {
    r.forEach((cell, i) => {
      const label = head?.[i] ? `${bold(head[i]!)}: ` : '';
      const lead = ' '.repeat(stringWidth(label));
      wrapAnsi(`${label}${cell}`, Math.max(10, columns), { hard: true })
        .split('\n')
        .forEach((l, k) => out.push(k ? `${lead}${l.trimStart()}` : l));
    });
    out.push(dim('─'.repeat(Math.min(columns, 60))));
  }
  return out;
}
