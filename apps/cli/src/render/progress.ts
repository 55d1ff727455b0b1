import type { BatchProgress } from '@comput3/batch';
import stringWidth from 'string-width';
import { paint } from './terminal.js';

const BAR = 20;
const EIGHTHS = ['', '▏', '▎', '▍', '▌', '▋', '▊', '▉'];

/** `1,234` */
export const count = (n: number) => Math.round(n).toLocaleString('en-US');

/** `3m12s`, `48s`, `1h02m` */
export function duration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

/** `340k`, `1.2M` */
export function tokens(n: number): string {
  if (n < 1000) return String(n);
  if (n < 1_000_000) return `${(n / 1000).toFixed(n < 10_000 ? 1 : 0)}k`;
  return `${(n / 1_000_000).toFixed(1)}M`;
}

/**
 * A batch's progress on one terminal line, redrawn in place at most ten times a second: done of
 * total, a bar, the pace, the time left, tokens and failures. Nothing when stderr is not a
 * terminal: a pipe or a log gets the summary alone.
 */
export function progressLine(stream: NodeJS.WriteStream) {
  const on = stream.isTTY === true && process.env.TERM !== 'dumb';
  const { dim, red } = paint(stream);
  let last: BatchProgress | undefined;
  let drawn = 0;
  const draw = () => {
    if (!last) return;
    const p = last;
    const share = p.total ? p.done / p.total : 1;
    const cells = share * BAR;
    const bar = `${'█'.repeat(Math.floor(cells))}${EIGHTHS[Math.floor((cells % 1) * 8)]}`.padEnd(
      BAR,
    );
    // Each part with how much it matters: on a narrow terminal the least goes first, so that
    // the line stays one line (\r cannot redraw a wrapped one).
    const parts: [text: string, matters: number][] = [
      [`${count(p.done)}/${count(p.total)}`, 9],
      [`${Math.floor(share * 100)}%`, 5],
      [`▕${bar}▏`, 1],
      [`${p.perSecond.toFixed(1)}/s`, 4],
      [p.etaMs === undefined ? 'ETA …' : `ETA ${duration(p.etaMs)}`, 7],
      [dim(`${tokens(p.tokens.prompt + p.tokens.completion)} tokens`), 2],
      ...(p.failed ? [[red(`${count(p.failed)} failed`), 8] as [string, number]] : []),
      ...(p.retried ? [[dim(`${count(p.retried)} retried`), 3] as [string, number]] : []),
    ];
    const width = (stream.columns || 80) - 1;
    const line = () => parts.map(([text]) => text).join('  ');
    while (parts.length > 1 && stringWidth(line().replace(/\x1b\[[0-9;]*m/g, '')) > width) {
      const least = parts.reduce((low, part, i) => (part[1] < parts[low]![1] ? i : low), 0);
      parts.splice(least, 1);
    }
    stream.write(`\r${line()}\x1b[K`);
    drawn = performance.now();
  };
  const timer = on ? setInterval(draw, 250) : undefined;
  timer?.unref();
  return {
    update(progress: BatchProgress) {
      last = progress;
      if (on && performance.now() - drawn >= 100) draw();
    },
    /** Draws the last state and moves below it, before the summary. */
    end() {
      if (timer) clearInterval(timer);
      if (on && last) {
        draw();
        stream.write('\n');
      }
    },
  };
}
