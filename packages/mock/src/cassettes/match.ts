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

/** How much two values have in common, read as JSON from their start: ties are broken by it. */
function common(d: Difference | undefined): number {
  if (!d) return Infinity;
  const a = JSON.stringify(d.recorded) ?? '';
  const b = JSON.stringify(d.sent) ?? '';
  let n = 0;
  while (n < a.length && a[n] === b[n]) n++;
  return n;
}

/**
 * The recording nearest to `asked`: the fewest differences, and among those the one whose first
 * difference has the longest beginning in common (a prompt changed in its middle is nearest to
 * the recording of that prompt, not to the first of the cassette's).
 */
export function nearest(
  cassette: Cassette,
  asked: Asked,
  rules: MatchRules,
): { index: number; differences: Difference[] } | undefined {
  let best: { index: number; differences: Difference[]; rank: number; common: number } | undefined;
  for (const [index, interaction] of cassette.interactions.entries()) {
    const found = against(interaction, asked, rules);
    const rank = found[0]?.at === 'method' || found[0]?.at === 'path' ? MOST + 1 : found.length;
    const shared = common(found[0]);
    if (!best || rank < best.rank || (rank === best.rank && shared > best.common))
      best = { index, differences: found, rank, common: shared };
  }
  return best && { index: best.index, differences: best.differences };
}

/**
 * Two values as a difference shows them: JSON, cut to `max` characters around where they first
 * differ, so that two long prompts show the words that changed, not their common beginning.
 */
export function shownPair(recorded: unknown, sent: unknown, max = 60): [string, string] {
  const a = recorded === undefined ? '(absent)' : JSON.stringify(recorded);
  const b = sent === undefined ? '(absent)' : JSON.stringify(sent);
  if (a.length <= max && b.length <= max) return [a, b];
  let first = 0;
  while (first < a.length && a[first] === b[first]) first++;
  const from = Math.max(0, first - Math.floor(max / 3));
  const cut = (text: string) =>
    `${from > 0 ? '…' : ''}${text.slice(from, from + max)}${text.length > from + max ? '…' : ''}`;
  return [cut(a), cut(b)];
}
