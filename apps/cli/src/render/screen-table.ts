import stringWidth from 'string-width';
import { Table, withRoom } from './table.js';

/**
 * A table as it streams onto a terminal, a row at a time. While it fits on the screen it is
 * drawn again whole at each row, so its columns line up (at most a screenful redrawn per row);
 * once taller than the screen its top is scrollback, so it is drawn whole once more with room
 * to grow, and from then on each row is added under the others with the widths fixed: the cost
 * of a row is that row. Internal to markdown.ts.
 */
export class ScreenTable {
  readonly #table = new Table();
  /** Screen rows the table took when last drawn whole (0: not drawn yet). */
  #drawnRows = 0;
  /** The column widths it was last drawn with (undefined: stacked). */
  #widths: number[] | undefined;
  /** Set once it is taller than the screen: its widths, fixed from then on. */
  #frozen: { widths: number[] | undefined } | undefined;

  /** `columns`: the terminal's width; `width`: what the table may take; `rows`: its height. */
  constructor(
    private readonly screen: { columns: () => number; width: () => number; rows: () => number },
  ) {}

  /** What to write for one more row: escape sequences to move back over the table, then lines. */
  add(row: string[] | 'rule'): string {
    const table = this.#table;
    const width = this.screen.width();
    table.add(row);
    if (this.#frozen) {
      // Over the bottom border, this row's lines, the border again.
      return `\x1b[1A\r\x1b[J${table.drawLast(this.#frozen.widths, width).join('\n')}\n`;
    }
    const lines = table.draw(width);
    const columns = this.screen.columns();
    const drawn = lines.reduce((n, l) => n + Math.max(1, Math.ceil(stringWidth(l) / columns)), 0);
    const back = this.#drawnRows ? `\x1b[${this.#drawnRows}A\r\x1b[J` : '';
    if (this.#drawnRows && drawn > this.screen.rows() - 1) {
      const widths = this.#widths && withRoom(this.#widths, width);
      this.#frozen = { widths };
      return `${back}${(widths ? table.draw(width, widths) : lines).join('\n')}\n`;
    }
    this.#drawnRows = drawn;
    this.#widths = table.layout(width);
    return `${back}${lines.join('\n')}\n`;
  }
}
