// How the packaging scripts report: one line per check (PASS/FAIL, what it found, how long),
// then "N passed, N failed". With `stopAtFirstFailure`, a failed check ends the run: for steps
// that each build on the one before.
export function checks({ stopAtFirstFailure = false } = {}) {
  const STOP = Symbol('stop');
  let passed = 0;
  let failed = 0;

  /**
   * The command output of a failure: its beginning and its end, where the causes usually are,
   * and between them the lines that name a failure (a failed test, an assertion), wherever
   * they are in a long test run's output.
   */
  const excerpt = (output) => {
    const lines = output.split('\n');
    if (lines.length <= 30) return lines;
    const middle = lines.slice(12, -17);
    const named = middle
      .filter((l) => /\u00d7|FAIL|not ok|AssertionError|Error:|Expected|Received/.test(l))
      .slice(0, 40);
    return [
      ...lines.slice(0, 12),
      '…',
      ...named,
      ...(named.length ? ['…'] : []),
      ...lines.slice(-17),
    ];
  };

  async function check(name, fn) {
    const started = performance.now();
    try {
      const detail = await fn();
      passed++;
      console.log(
        `PASS ${name}${detail ? `: ${detail}` : ''} (${Math.round(performance.now() - started)} ms)`,
      );
    } catch (error) {
      failed++;
      const output = [error.stdout, error.stderr].filter(Boolean).join('\n').trim();
      console.log(
        `FAIL ${name}: ${error.message.split('\n')[0]}${output ? `\n${excerpt(output).join('\n')}` : ''}`,
      );
      if (stopAtFirstFailure) throw STOP;
    }
  }

  return {
    check,
    /** True for the error a stopped run throws, so that callers can tell it from a crash. */
    stopped: (error) => error === STOP,
    /** Prints the totals; returns the exit code. */
    summary() {
      console.log(`\n${passed} passed, ${failed} failed`);
      return failed ? 1 : 0;
    },
  };
}
