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
 * A table as it streams in, a row at a time. Each row's cells are rendered (inline Markdown)
 * once, and the columns' natural widths kept up to date as rows arrive, so adding a row costs
 * that row, never the rows before it: a 2,000-row answer is drawn in linear time.
 */
export class Table {
  /** The rows so far, cells rendered; 'rule' for the |---| line. */
  readonly rows: (string[] | 'rule')[] = [];
  readonly #natural: number[] = [];
  #ruleAt = -1;

  add(row: string[] | 'rule'): void {
    if (row === 'rule') {
      if (this.#ruleAt < 0) this.#ruleAt = this.rows.length;
      this.rows.push(row);
      return;
    }
    const cells = row.map(inline);
    cells.forEach((c, i) => (this.#natural[i] = Math.max(this.#natural[i] ?? 1, stringWidth(c))));
    this.rows.push(cells);
  }

  /**
   * Column widths that fit in `columns`: as wide as their widest cell when that fits; otherwise
   * the widest are narrowed (each keeps at least its fair share) and their cells wrap at words.
   * Undefined when even that cannot fit (many columns on a narrow terminal): rows are stacked.
   */
  layout(columns: number): number[] | undefined {
    const natural = this.#natural.length ? this.#natural : [1];
    return fit(natural, columns - (3 * natural.length + 1)); // "│ " + " │ " between + " │"
  }

  /** The whole table, boxed (or stacked), no wider than `columns`, with `widths` if given. */
  draw(columns: number, widths = this.layout(columns)): string[] & { lastRow?: number } {
    if (!widths) return stacked(this.rows, this.#ruleAt, columns);
    const out: string[] & { lastRow?: number } = [border(widths, '┌', '┬', '┐')];
    this.rows.forEach((r, index) => {
      if (r === 'rule') return void out.push(border(widths, '├', '┼', '┤'));
      const lines = this.#rowLines(r, index, widths);
      out.push(...lines);
      out.lastRow = lines.length;
    });
    out.push(border(widths, '└', '┴', '┘'));
    return out;
  }

  /**
   * The last row alone, then the bottom border, under widths fixed earlier (`undefined`:
   * stacked): for a table taller than the screen, whose rows above can no longer be redrawn.
   */
  drawLast(widths: number[] | undefined, columns: number): string[] {
    const index = this.rows.length - 1;
    const r = this.rows[index]!;
    if (!widths) {
      if (r === 'rule') return [];
      const head = this.#ruleAt > 0 ? [this.rows[0]!, 'rule' as const] : [];
      return stacked([...head, r], head.length - 1, columns).slice(1);
    }
    if (r === 'rule') return [border(widths, '├', '┼', '┤'), border(widths, '└', '┴', '┘')];
    return [...this.#rowLines(r, index, widths), border(widths, '└', '┴', '┘')];
  }

  #rowLines(cells: string[], index: number, widths: number[]): string[] {
    const wrapped = widths.map((w, i) => wrapAnsi(cells[i] ?? '', w, { hard: true }).split('\n'));
    const height = Math.max(...wrapped.map((c) => c.length));
    const lines: string[] = [];
    for (let k = 0; k < height; k++) {
      const row = widths.map((w, i) => {
        const cell = wrapped[i]![k] ?? '';
        const padded = cell + ' '.repeat(Math.max(0, w - stringWidth(cell)));
        return index < this.#ruleAt ? bold(padded) : padded;
      });
      lines.push(`${dim('│')} ${row.join(` ${dim('│')} `)} ${dim('│')}`);
    }
    return lines;
  }
}
// (`lastRow`: how many of the lines, just above the bottom border, are the last row's.)

/**
 * Widths with room to grow, for a table whose widths are about to be fixed (taller than the
 * screen, its top is scrollback): each column may take its width again and 4 more, while the
 * line has room, so the rows still to come fit their columns rather than wrap in them.
 */
export function withRoom(widths: number[], columns: number): number[] {
  let left = columns - (3 * widths.length + 1) - widths.reduce((a, b) => a + b, 0);
  return widths.map((w) => {
    const more = Math.max(0, Math.min(left, w + 4));
    left -= more;
    return w + more;
  });
}

const border = (widths: number[], l: string, m: string, r: string) =>
  dim(`${l}${widths.map((w) => '─'.repeat(w + 2)).join(m)}${r}`);

/**
 * Column widths that add up to at most `room`: the natural ones when they fit, else each
 * column below the fair share keeps its width and the rest share what is left (water-filling).
 * Undefined when a column would get fewer than MIN_COLUMN.
 */
function fit(natural: number[], room: number): number[] | undefined {
  const total = natural.reduce((a, b) => a + b, 0);
  if (total <= room) return [...natural];
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
function stacked(rows: (string[] | 'rule')[], ruleAt: number, columns: number): string[] {
  const head = (ruleAt > 0 ? rows[0] : undefined) as string[] | undefined;
  const body = rows.filter((r, i): r is string[] => r !== 'rule' && (ruleAt <= 0 || i > ruleAt));
  const out: string[] = [dim('─'.repeat(Math.min(columns, 60)))];
  for (const r of body) {
    r.forEach((cell, i) => {
      const label = head?.[i] ? `${bold(head[i])}: ` : '';
      const lead = ' '.repeat(stringWidth(label));
      wrapAnsi(`${label}${cell}`, Math.max(10, columns), { hard: true })
        .split('\n')
        .forEach((l, k) => out.push(k ? `${lead}${l.trimStart()}` : l));
    });
    out.push(dim('─'.repeat(Math.min(columns, 60))));
  }
  return out;
}
