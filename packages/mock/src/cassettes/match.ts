import type { Cassette, Interaction } from './format.js';

/**
 * Which recording answers a request: the same method and path, and the same body on what
 * matters. By default that is the fields that change the answer (the model, the messages, the
 * tools and the sampling settings); a field that changes from run to run (a user id, metadata)
 * is left out. Both can be adjusted.
 */
export interface MatchRules {
  /** The body fields compared (default: MATCHED_FIELDS). */
  fields?: readonly string[];
  /**
   * Applied to each body, sent and recorded, before they are compared: take out what changes
   * from run to run (a date in a prompt, a random id).
   */
  normalize?: (body: Record<string, unknown>) => Record<string, unknown>;
}

/** The body fields that change an answer: compared by default. */
export const MATCHED_FIELDS = [
  'model',
  'messages',
  'tools',
  'tool_choice',
  'parallel_tool_calls',
  'response_format',
  'stream',
  'stream_options',
  'max_tokens',
  'temperature',
  'top_p',
  'seed',
  'stop',
  'n',
] as const;

/** A request as matching sees it. */
export interface Asked {
  method: string;
  path: string;
  body: unknown;
}

/** The compared part of a body: its matched fields, normalized. */
function comparable(body: unknown, rules: MatchRules): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return {};
  const fields = rules.fields ?? MATCHED_FIELDS;
  const picked: Record<string, unknown> = {};
  for (const field of fields) {
    // Own fields only: a `__proto__` key in a body is no field of the request.
    if (Object.hasOwn(body, field)) picked[field] = (body as Record<string, unknown>)[field];
  }
  return rules.normalize ? rules.normalize(picked) : picked;
}

/** One place where a request differs from a recording. */
export interface Difference {
  /** `messages[1].content`, or `path` / `method` for the request line. */
  at: string;
  recorded: unknown;
  sent: unknown;
}

/** At most this many differences are listed, and compared this deep: bounded on any body. */
const MOST = 20;
const DEEPEST = 64;

/** Where two JSON values differ, breadth first, the first MOST places. Iterative. */
function differences(recorded: unknown, sent: unknown): Difference[] {
  const found: Difference[] = [];
  const queue: [unknown, unknown, string, number][] = [[recorded, sent, '', 0]];
  for (let i = 0; i < queue.length && found.length < MOST; i++) {
    const [a, b, at, depth] = queue[i]!;
    if (a === b) continue;
    const bothObjects =
      typeof a === 'object' && a !== null && typeof b === 'object' && b !== null && depth < DEEPEST;
    if (!bothObjects || Array.isArray(a) !== Array.isArray(b)) {
      found.push({ at: at || '(body)', recorded: a, sent: b });
      continue;
    }
    if (Array.isArray(a) && Array.isArray(b)) {
      for (let n = 0; n < Math.max(a.length, b.length); n++)
        queue.push([a[n], b[n], `${at}[${n}]`, depth + 1]);
      continue;
    }
    const left = a as Record<string, unknown>;
    const right = b as Record<string, unknown>;
    for (const key of new Set([...Object.keys(left), ...Object.keys(right)])) {
      const next = at ? `${at}.${key}` : key;
      queue.push([left[key], right[key], next, depth + 1]);
    }
  }
  return found;
}

/** The differences between a request and a recording of the same method and path. */
function against(interaction: Interaction, asked: Asked, rules: MatchRules): Difference[] {
  const { request } = interaction;
  if (request.method !== asked.method)
    return [{ at: 'method', recorded: request.method, sent: asked.method }];
  if (request.path !== asked.path)
    return [{ at: 'path', recorded: request.path, sent: asked.path }];
  return differences(comparable(request.body, rules), comparable(asked.body, rules));
}

/**
 * The recording that answers `asked`: the first match not yet used, so that the same request
 * asked twice gets the answers recorded for it in order; once each is used, the last again.
 */
export function findMatch(
  cassette: Cassette,
  asked: Asked,
  used: ReadonlySet<number>,
  rules: MatchRules,
): number | undefined {
  let last: number | undefined;
  for (const [i, interaction] of cassette.interactions.entries()) {
    if (against(interaction, asked, rules).length) continue;
    if (!used.has(i)) return i;
    last = i;
  }
  return last;
}

/** The recording nearest to `asked` (fewest differences), and how it differs. */
export function nearest(
  cassette: Cassette,
  asked: Asked,
  rules: MatchRules,
): { index: number; differences: Difference[] } | undefined {
  let best: { index: number; differences: Difference[] } | undefined;
  for (const [index, interaction] of cassette.interactions.entries()) {
    const found = against(interaction, asked, rules);
    const rank = (d: Difference[]) =>
      d[0]?.at === 'method' || d[0]?.at === 'path' ? MOST + 1 : d.length;
    if (!best || rank(found) < rank(best.differences)) best = { index, differences: found };
  }
  return best;
}

/** A value as a difference shows it: JSON, cut. */
export const shown = (value: unknown, max = 60): string => {
  const text = value === undefined ? '(absent)' : JSON.stringify(value);
  return text.length > max ? `${text.slice(0, max)}…` : text;
};
