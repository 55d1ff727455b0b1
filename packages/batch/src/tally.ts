import type { BatchResult } from './result.js';

/** Where a run stands, after each line written. */
export interface BatchProgress {
  /** Lines to answer in all (blank lines aside), those a resumed run found done included. */
  total: number;
  /** Lines written, this run and before it. */
  done: number;
  /** Lines written as failures this run. */
  failed: number;
  /** Lines a resumed run found already written. */
  previously: number;
  /** Sends that failed and wait to be sent again. */
  retried: number;
  /** Tokens this run. */
  tokens: {
    /** Prompt tokens. */
    prompt: number;
    /** Answer tokens. */
    completion: number;
  };
  /** Milliseconds since this run started. */
  elapsedMs: number;
  /** Lines written per second this run. */
  perSecond: number;
  /** Milliseconds left at that pace; undefined before the first line. */
  etaMs: number | undefined;
}

/** How a run ended. */
export interface BatchSummary extends BatchProgress {
  /** The output file. */
  output: string;
  /** Lines that could not be sent (written as `bad_line` failures). */
  badLines: number;
  /** Failures by kind (`RateLimitError`, `bad_line`…), most first. */
  failures: {
    /** `RateLimitError`, `bad_line`… */
    kind: string;
    /** Lines that failed so. */
    count: number;
  }[];
  /** The slowest answers of this run, slowest first. */
  slowest: {
    /** Its input line. */
    line: number;
    /** Its id. */
    id: string;
    /** Milliseconds to its answer. */
    ms: number;
  }[];
  /** Stopped before the end (its signal): `resume` finishes it. */
  stopped: boolean;
}

const SLOWEST = 5;

/** Counts a run's results as they are written. */
export class Tally {
  readonly #started = performance.now();
  readonly #total: number;
  readonly #previously: number;
  readonly #onProgress: ((progress: BatchProgress) => void) | undefined;
  #done = 0;
  #failed = 0;
  #retried = 0;
  readonly #tokens = { prompt: 0, completion: 0 };
  readonly #failures = new Map<string, number>();
  readonly #slowest: { line: number; id: string; ms: number }[] = [];

  constructor(total: number, previously: number, onProgress?: (progress: BatchProgress) => void) {
    this.#total = total;
    this.#previously = previously;
    this.#onProgress = onProgress;
  }

  add(result: BatchResult): void {
    this.#done++;
    if (!result.ok) {
      this.#failed++;
      const kind = result.error?.kind ?? 'Error';
      this.#failures.set(kind, (this.#failures.get(kind) ?? 0) + 1);
    }
    if (result.usage) {
      this.#tokens.prompt += result.usage.prompt_tokens;
      this.#tokens.completion += result.usage.completion_tokens;
    }
    if (result.ok && result.ms !== undefined) {
      const slow = this.#slowest;
      if (slow.length < SLOWEST || result.ms > slow.at(-1)!.ms) {
        slow.push({ line: result.line, id: result.id, ms: result.ms });
        slow.sort((a, b) => b.ms - a.ms);
        slow.length = Math.min(slow.length, SLOWEST);
      }
    }
    this.#onProgress?.(this.progress);
  }

  retried(): void {
    this.#retried++;
  }

  get progress(): BatchProgress {
    const elapsedMs = performance.now() - this.#started;
    const perSecond = elapsedMs > 0 ? (this.#done * 1000) / elapsedMs : 0;
    const left = this.#total - this.#previously - this.#done;
    return {
      total: this.#total,
      done: this.#previously + this.#done,
      failed: this.#failed,
      previously: this.#previously,
      retried: this.#retried,
      tokens: { ...this.#tokens },
      elapsedMs: Math.round(elapsedMs),
      perSecond,
      etaMs: this.#done ? Math.round((left / perSecond) * 1000) : undefined,
    };
  }

  summary(output: string, badLines: number, stopped: boolean): BatchSummary {
    return {
      ...this.progress,
      output,
      badLines,
      failures: [...this.#failures]
        .map(([kind, count]) => ({ kind, count }))
        .sort((a, b) => b.count - a.count),
      slowest: [...this.#slowest],
      stopped,
    };
  }
}
