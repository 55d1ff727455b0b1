// The smoothness budget of the issue, in Chromium: while a 4,000-token reply streams, no
// main-thread task over 50 ms. Run by `pnpm bench` (bench/vitest.config.ts), never by the
// tests: it is a timing. The tests check what keeps it without a clock (markdown.test.ts: each
// frame parses only the block being written) and take the long-task observer's figures.
//
// Measured on CPU time from Chromium's trace, beside the observer's wall clock: on a busy
// 2-core machine a 20 ms task can take 60 ms of wall time while another process has the core.
import { expect, test } from 'vitest';
import { ask, controlTask, lastAnswer, longReplyPage, longTasks, settled } from '../test/page.js';

interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  tdur?: number;
  args?: { name?: string };
}

/** The renderer main thread's tasks from `mark` on, longest CPU first, each with what took most of it. */
function mainThreadTasks(events: TraceEvent[], mark: string) {
  const main = new Set(
    events
      .filter((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain')
      .map((e) => `${e.pid}:${e.tid}`),
  );
  const onMain = events.filter((e) => e.ph === 'X' && main.has(`${e.pid}:${e.tid}`));
  const start = events.find((e) => e.name === mark)!.ts;
  const ms = (us = 0) => Math.round(us / 1000);
  return onMain
    .filter((e) => e.name === 'RunTask' && e.ts >= start)
    .map((t) => {
      // What took the time inside it (layout, a frame's script, a garbage collection…).
      const inside = onMain
        .filter((e) => e !== t && e.ts >= t.ts && e.ts + (e.dur ?? 0) <= t.ts + (t.dur ?? 0))
        .sort((x, y) => (y.dur ?? 0) - (x.dur ?? 0))[0];
      return { cpu: ms(t.tdur), what: inside ? `${inside.name} ${ms(inside.dur)} ms` : '' };
    })
    .sort((x, y) => y.cpu - x.cpu);
}

test('a 4,000-token reply streams with no main-thread task over 50 ms of CPU', async () => {
  const { s, page } = await longReplyPage();
  try {
    await s.browser.startTracing(page, {
      categories: [
        'devtools.timeline',
        'disabled-by-default-devtools.timeline',
        'blink.user_timing',
      ],
    });
    await page.evaluate(() => performance.mark('stream-start'));
    await ask(page, 'write at length');
    await settled(page);
    await controlTask(page); // the one task that must be over 50 ms: this check can fail
    const trace = JSON.parse((await s.browser.stopTracing()).toString());
    expect(await lastAnswer(page).locator('[data-testid="stats"]').textContent()).toMatch(
      /\d+ \+ 4000 tokens/,
    );
    const tasks = mainThreadTasks(trace.traceEvents, 'stream-start');
    const report = tasks
      .slice(1, 4)
      .map((t) => `${t.cpu} ms (${t.what})`)
      .join(', ');
    console.log(
      `4,000-token reply: longest tasks ${report} of CPU; the long-task observer (wall clock) saw ${JSON.stringify((await longTasks(page)).slice(0, -1))} beside the control`,
    );
    // The control is the one task over 50 ms of CPU; streaming the reply made none.
    expect(tasks[0]!.cpu).toBeGreaterThanOrEqual(100);
    expect(tasks[1]!.cpu, report).toBeLessThanOrEqual(50);
  } finally {
    await s.close();
  }
});
