/**
 * Fault injection. A fault is asked for per request with the `x-mock-fault` header, or per
 * server with a scripted queue (`faults` in the options). Both use the same grammar:
 *
 *     x-mock-fault: status=503; times=2; retry-after=1
 *
 * Every key is documented in the package README; keep the two in step.
 */
export interface Fault {
  /** Answer with this HTTP status and an OpenAI-style error body instead of the real answer. */
  status?: number;
  /** Header faults: only the first N requests with the same fault (or `id`) get it. */
  times?: number;
  /** Groups requests for `times`; defaults to the header's text. */
  id?: string;
  /** `Retry-After` header value (seconds, or an HTTP date). */
  retryAfter?: string;
  /** `retry-after-ms` header value. */
  retryAfterMs?: number;
  /** `x-should-retry: true|false` header. */
  shouldRetry?: boolean;
  /** Wait this many milliseconds before sending the headers. */
  delayHeaders?: number;
  /** Wait this many milliseconds between stream chunks. */
  delayChunks?: number;
  /** Close the connection before any header is sent. */
  dropBeforeHeaders?: boolean;
  /** Close the connection after K stream chunks (non-streamed: after half the body). */
  dropAfterChunks?: number;
  /**
   * Streams: after K chunks (2: the role and the first token), send nothing more and keep the
   * connection open until the client leaves, as a server that hangs mid-answer does: only the
   * client's idle timeout or deadline ends it.
   */
  stallAfterChunks?: number;
  /** Answer 200 with a body that is not valid JSON (streamed: one broken `data:` event). */
  malformedJson?: boolean;
  /** Answer 502 with an HTML page, as a misbehaving gateway would. */
  html502?: boolean;
  /**
   * End the stream cleanly after the finish chunk (and the usage chunk) without `data: [DONE]`,
   * as Hugging Face `transformers serve` and several gateways do. The answer is complete.
   */
  noDone?: boolean;
  /**
   * End the stream cleanly after the content chunks, with no finish chunk and no `[DONE]`: a
   * server that stopped early without breaking the connection. The answer is incomplete.
   */
  noFinish?: boolean;
  /** Interleave SSE comments and blank keep-alive lines between events. */
  sseNoise?: boolean;
  /** End SSE lines with CRLF instead of LF. */
  crlf?: boolean;
}

type Kind = 'int' | 'flag' | 'string' | 'bool';

/**
 * The largest value each whole-number key takes: enough for any test, small enough that one
 * request cannot hold the server (a minute of delay, a few MB of answer).
 */
const FAULT_LIMITS = {
  times: 10_000,
  'retry-after-ms': 600_000,
  'delay-headers': 60_000,
  'delay-chunks': 60_000,
  'drop-after-chunks': 1_000_000,
  'stall-after-chunks': 1_000_000,
} as const;

const KEYS: Record<string, [keyof Fault, Kind]> = {
  status: ['status', 'int'],
  times: ['times', 'int'],
  id: ['id', 'string'],
  'retry-after': ['retryAfter', 'string'],
  'retry-after-ms': ['retryAfterMs', 'int'],
  'should-retry': ['shouldRetry', 'bool'],
  'delay-headers': ['delayHeaders', 'int'],
  'delay-chunks': ['delayChunks', 'int'],
  'drop-before-headers': ['dropBeforeHeaders', 'flag'],
  'drop-after-chunks': ['dropAfterChunks', 'int'],
  'stall-after-chunks': ['stallAfterChunks', 'int'],
  'malformed-json': ['malformedJson', 'flag'],
  'html-502': ['html502', 'flag'],
  'no-done': ['noDone', 'flag'],
  'no-finish': ['noFinish', 'flag'],
  'sse-noise': ['sseNoise', 'flag'],
  crlf: ['crlf', 'flag'],
};

/** A fault (`x-mock-fault` header, `faults` option) that does not parse; the message says which part. */
export class FaultSyntaxError extends Error {
  /** `'FaultSyntaxError'`. */
  override name = 'FaultSyntaxError';
}

/** Parses the header grammar: `key=value` or bare flags, separated by `;` or `,`. */
export function parseFault(text: string): Fault {
  const fault: Record<string, unknown> = {};
  for (const raw of text.split(/[;,]/)) {
    const part = raw.trim();
    if (!part) continue;
    const eq = part.indexOf('=');
    const key = (eq === -1 ? part : part.slice(0, eq)).trim().toLowerCase();
    const value = eq === -1 ? undefined : part.slice(eq + 1).trim();
    // Own keys only: "__proto__" or "constructor" must be unknown faults, not Object's.
    const entry = Object.hasOwn(KEYS, key) ? KEYS[key] : undefined;
    if (!entry) {
      throw new FaultSyntaxError(
        `Unknown fault "${key}". Known faults: ${Object.keys(KEYS).join(', ')}.`,
      );
    }
    const [name, kind] = entry;
    if (kind === 'flag') {
      if (value !== undefined && value !== 'true') {
        throw new FaultSyntaxError(`Fault "${key}" is a flag and takes no value.`);
      }
      fault[name] = true;
    } else if (value === undefined || value === '') {
      throw new FaultSyntaxError(`Fault "${key}" needs a value, as in ${key}=…`);
    } else if (kind === 'int') {
      if (!/^\d+$/.test(value)) {
        throw new FaultSyntaxError(`Fault "${key}" needs a whole number, got "${value}".`);
      }
      const limit = FAULT_LIMITS[key as keyof typeof FAULT_LIMITS];
      if (limit !== undefined && Number(value) > limit) {
        throw new FaultSyntaxError(`Fault "${key}" is at most ${limit}, got ${value}.`);
      }
      fault[name] = Number(value);
    } else if (kind === 'bool') {
      if (value !== 'true' && value !== 'false') {
        throw new FaultSyntaxError(`Fault "${key}" takes true or false, got "${value}".`);
      }
      fault[name] = value === 'true';
    } else {
      fault[name] = value;
    }
  }
  const status = fault.status as number | undefined;
  if (status !== undefined && (status < 400 || status > 599)) {
    throw new FaultSyntaxError(`Fault "status" must be an error status (400-599), got ${status}.`);
  }
  return fault;
}

/**
 * Decides which fault, if any, applies to each request: the server's scripted queue first
 * (each entry used `times` times, default once), then the request's own header.
 */
/** Fault ids remembered at the most (see FaultPlan). */
export const SEEN_LIMIT = 1000;

export class FaultPlan {
  readonly #queue: { fault: Fault; left: number }[];
  /**
   * How often each `times`-limited header fault was used, by id. Bounded: past SEEN_LIMIT ids the
   * oldest is forgotten (a Map iterates in insertion order), so no client can grow it for ever.
   */
  readonly #seen = new Map<string, number>();

  constructor(script: readonly (Fault | string)[] = []) {
    this.#queue = script.map((f) => {
      const fault = typeof f === 'string' ? parseFault(f) : f;
      return { fault, left: fault.times ?? 1 };
    });
  }

  /** Adds faults to the end of the scripted queue (for tests that share one server). */
  push(...faults: (Fault | string)[]): void {
    for (const f of faults) {
      const fault = typeof f === 'string' ? parseFault(f) : f;
      this.#queue.push({ fault, left: fault.times ?? 1 });
    }
  }

  /** Empties the scripted queue; the uses that were left. */
  clear(): number {
    return this.#queue.splice(0).reduce((n, entry) => n + entry.left, 0);
  }

  next(header: string | undefined): Fault | undefined {
    const head = this.#queue[0];
    if (head) {
      if (--head.left <= 0) this.#queue.shift();
      return head.fault;
    }
    if (!header) return undefined;
    const fault = parseFault(header);
    if (fault.times === undefined) return fault;
    const key = fault.id ?? header;
    const used = this.#seen.get(key) ?? 0;
    if (used >= fault.times) return undefined;
    this.#seen.delete(key);
    this.#seen.set(key, used + 1);
    if (this.#seen.size > SEEN_LIMIT) this.#seen.delete(this.#seen.keys().next().value!);
    return fault;
  }
}
