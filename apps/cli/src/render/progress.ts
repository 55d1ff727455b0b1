import type { BatchProgress } from '@comput3/batch';
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
    const parts = [
      `${count(p.done)}/${count(p.total)}`,
      `${Math.floor(share * 100)}%`,
      `▕${bar}▏`,
      `${p.perSecond.toFixed(1)}/s`,
      p.etaMs === undefined ? 'ETA …' : `ETA ${duration(p.etaMs)}`,
      dim(`${tokens(p.tokens.prompt + p.tokens.completion)} tokens`),
      ...(p.failed ? [red(`${count(p.failed)} failed`)] : []),
      ...(p.retried ? [dim(`${count(p.retried)} retried`)] : []),
    ];
    stream.write(`\r${parts.join('  ')}\x1b[K`);
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
