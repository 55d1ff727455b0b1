import type { ChatMessage } from '@comput3/api';
import { codeExample, detectLanguage } from './code.js';

/**
 * Writes the mock's answer: Markdown that reads like an assistant's reply, drawn from the
 * conversation with a seeded generator, so the same request always gets the same answer while
 * different requests get different ones. What it writes depends on what was asked:
 *
 * - a greeting gets a greeting; a short question a short answer of a sentence or three;
 * - a request for code (or an example) gets a fenced block in the language asked for;
 * - "compare", "vs" or "difference between" gets a table;
 * - "explain", "in detail", "why", "how does" get a longer answer: paragraphs and a list.
 *
 * The first line says, once, that this is a local mock. The words around the topic are
 * generic: nothing here pretends to know the subject.
 */
export interface Composed {
  text: string;
  /** What the reply was built as, for tests and the README. */
  kind: 'greeting' | 'short' | 'code' | 'compare' | 'detail' | 'empty';
}

/** FNV-1a: a seed from the conversation. */
export function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** mulberry32: small, fast and good enough to pick sentences. */
export function seeded(seed: number): () => number {
  let a = seed || 1;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Random = () => number;
const pick = <T>(random: Random, list: readonly T[]): T =>
  list[Math.floor(random() * list.length)]!;
function pickSome<T>(random: Random, list: readonly T[], n: number): T[] {
  const pool = [...list];
  const out: T[] = [];
  while (out.length < n && pool.length)
    out.push(pool.splice(Math.floor(random() * pool.length), 1)[0]!);
  return out;
}

const STOP = new Set(
  (
    'a an the and or but if then so to of in on at by for with about from into over under as is ' +
    'are was were be been being do does did can could should would will shall may might must i ' +
    'me my we our you your it its this that these those there here what which who whom whose ' +
    'why how when where please tell show give write explain describe detail details detailed ' +
    'example examples some any me us make create implement build using use compare versus vs ' +
    'difference differences between short quick brief simple code function script snippet ' +
    'program walk through guide overview depth long more like want need help let lets just ' +
    'really very much many also not no yes hi hello hey thanks thank one two works work ' +
    'working useful used good bad best better worse fast faster slow slower mean means ' +
    'happen happens thing things way ways get gets got go goes going well still right wrong ' +
    'possible true false actually they them their he she his her new old big small large easy ' +
    "hard important i'm it's what's doesn't don't can't isn't there's okay ok quick question"
  ).split(' '),
);

/** The words that carry the question's subject, in the user's own spelling. */
export function topicWords(text: string): string[] {
  const words = text.match(/[\p{L}\p{N}][\p{L}\p{N}+#.'-]*/gu) ?? [];
  return words
    .map((w) => w.replace(/[.'-]+$/, ''))
    .filter((w) => w.length > 1 && !STOP.has(w.toLowerCase()));
}

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/**
 * The subject as the user wrote it: the first topic word, joined to the next when only a short
 * link stands between them ("capital of France", "tabs or spaces", "event loop").
 */
function topicPhrase(text: string, words: string[]): string {
  const [first, second] = words;
  if (!first) return 'this';
  const start = text.indexOf(first);
  if (!second) return first;
  const next = text.indexOf(second, start + first.length);
  const gap = text.slice(start + first.length, next);
  return next !== -1 && /^\s+((of|or|and|for|in|to)\s+)?$/i.test(gap)
    ? text.slice(start, next + second.length)
    : first;
}

const OPENERS = [
  'Here is a short overview of {topic}.',
  '{Topic} is easiest to understand in a few parts.',
  'Good question: {topic} comes up often, and the idea behind it is simple.',
  "Let's go through {topic} step by step.",
];

const SENTENCES = [
  'At its core, {topic} is about making the common case simple and the rare case possible.',
  'Most of the work with {topic} is in the details: naming, error handling and the edge cases.',
  'A useful way to think about {topic} is as a contract between two sides that both keep their promises.',
  'The first version of anything built on {topic} should be small enough to read in one sitting.',
  'When {topic} misbehaves, the cause is usually at a boundary: input, time, or the network.',
  'It pays to measure before changing anything about {topic}; intuition is often wrong about cost.',
  'Teams that use {topic} well write down why they chose it, not only how it works.',
  '{Topic} works best when each part has one job and a name that says what that job is.',
  'Start from the behaviour you want to see, then let {topic} follow from it.',
  'Keep an eye on {other} as well: it tends to matter as soon as {topic} grows.',
  'The trade-off with {topic} is usually between flexibility now and simplicity later.',
  'A small, concrete example teaches more about {topic} than a long definition.',
];

const POINTS = [
  '**Start small**: try {topic} on one real case before generalising.',
  '**Measure**: decide what "better" means for {topic} and check it with numbers.',
  '**Handle failure**: assume every call around {topic} can time out or be cut short.',
  '**Keep it readable**: a newcomer should find where {topic} lives by its name.',
  '**Test the edges**: empty input, very large input, and input that arrives in pieces.',
  '**Write down the why**: the reason for each choice about {topic} outlives the code.',
  '**Watch {other}**: it is the part that changes most often.',
  '**Automate the checks**: anything about {topic} worth checking twice is worth a test.',
];

const CLOSERS = [
  'If you tell me more about what you are building, I can go into the part that matters to you.',
  'Want a worked example, or a comparison with an alternative?',
  'I can expand any of these points if that helps.',
  'That should be enough to get started; ask again for any part in more depth.',
];

const SHORT = [
  'In short: {topic} is worth a closer look, and the simplest version of it is usually the right place to start.',
  'Yes. {Topic} does what you would expect, as long as you keep the inputs small and well defined.',
  'The short answer is that {topic} depends on context, but the default choice is usually fine.',
  '{Topic}, briefly: one clear idea, applied consistently, with `{code}` as the usual entry point.',
];

const GREETINGS = [
  'Hello! How can I help you today?',
  'Hi there. What would you like to work on?',
  'Hello! Ask me anything: a question, some code, or a comparison.',
];

const ASPECTS = [
  ['Setup', ['a few minutes', 'one config file', 'nothing to install', 'a build step']],
  ['Learning curve', ['gentle', 'steep at first', 'moderate', 'shallow']],
  [
    'Performance',
    ['fast for small inputs', 'steady under load', 'best in batches', 'low overhead'],
  ],
  ['Best for', ['quick prototypes', 'large teams', 'long-lived services', 'scripts and tools']],
  ['Ecosystem', ['mature', 'growing', 'small but focused', 'very large']],
] as const;

const GREETING =
  /^\s*(hi|hello|hey|yo|hiya|good (morning|afternoon|evening))\b[\s!.,?]*\w{0,12}[\s!.?]*$/i;
const CODE =
  /\b(code|function|script|snippet|program|implement|regex|class|example|sample|hello world|write (a|an|me|some))\b/i;
const COMPARE = /\b(vs\.?|versus|compare|comparison|difference between|differences between)\b/i;
const DETAIL =
  /\b(explain|in detail|detailed|in depth|why|how does|how do|how to|describe|walk me through|guide|overview|tutorial)\b/i;

/** The two things compared, from "X vs Y" or "difference between X and Y". */
function compared(text: string, words: string[]): [string, string] {
  const vs = /([\p{L}\p{N}+#.-]+)\s+(?:vs\.?|versus)\s+([\p{L}\p{N}+#.-]+)/iu.exec(text);
  if (vs) return [vs[1]!, vs[2]!];
  const between = /between\s+([\p{L}\p{N}+#.-]+)\s+and\s+([\p{L}\p{N}+#.-]+)/iu.exec(text);
  if (between) return [between[1]!, between[2]!];
  return [words[0] ?? 'option A', words[1] ?? 'option B'];
}

function identifier(words: string[]): string {
  const parts = words
    .slice(0, 3)
    .map((w) => w.replace(/[^\p{L}\p{N}]/gu, ''))
    .filter(Boolean);
  if (!parts.length) return 'example';
  const camel = parts.map((p, i) => (i ? capitalise(p.toLowerCase()) : p.toLowerCase())).join('');
  return /^\p{L}/u.test(camel) ? camel : `x${camel}`;
}

/** Composes the reply to `messages` for `model`. */
export function composeReply(model: string, messages: readonly ChatMessage[]): Composed {
  const lastUser = [...messages].reverse().find((m) => m.role === 'user');
  const note = `*Offline mock of ${model}: a generated stand-in, not a real model's answer.*`;
  if (!lastUser?.content?.trim()) {
    return { kind: 'empty', text: `${note}\n\nSend a message and I will answer it.` };
  }
  const text = lastUser.content.trim();
  const random = seeded(hash(`${model}\n${JSON.stringify(messages)}`));
  const words = topicWords(text);
  const topic = topicPhrase(text, words);
  const other = words[words.length > 2 ? 2 : words.length - 1] ?? 'the rest of the system';
  const fill = (s: string) =>
    s
      .replaceAll('{Topic}', capitalise(topic))
      .replaceAll('{topic}', topic)
      .replaceAll('{other}', other === topic ? 'the rest of the system' : other)
      .replaceAll('{code}', identifier(words));
  // One pool per reply, so no sentence is said twice.
  const sentences = pickSome(random, SENTENCES, SENTENCES.length);
  const paragraph = (n: number) => sentences.splice(0, n).map(fill).join(' ');
  const list = (n: number, numbered = random() < 0.35) =>
    pickSome(random, POINTS, n)
      .map((p, i) => `${numbered ? `${i + 1}.` : '-'} ${fill(p)}`)
      .join('\n');
  const parts: string[] = [note];
  let kind: Composed['kind'];

  if (GREETING.test(text)) {
    kind = 'greeting';
    parts.push(pick(random, GREETINGS));
  } else if (CODE.test(text)) {
    kind = 'code';
    const language = detectLanguage(text) ?? 'typescript';
    parts.push(fill(pick(random, OPENERS)));
    parts.push(codeExample(language, identifier(words), topic, random));
    parts.push(list(2 + Math.floor(random() * 2)));
    if (DETAIL.test(text)) parts.push(paragraph(2));
  } else if (COMPARE.test(text)) {
    kind = 'compare';
    const [a, b] = compared(text, words);
    parts.push(`Here is how **${a}** and **${b}** compare at a glance:`);
    const rows = pickSome(random, ASPECTS, 3 + Math.floor(random() * 2)).map(([aspect, values]) => {
      const [x, y] = pickSome(random, values, 2);
      return `| ${aspect} | ${x} | ${y} |`;
    });
    parts.push([`| | ${a} | ${b} |`, '| --- | --- | --- |', ...rows].join('\n'));
    parts.push(
      `Neither is better everywhere: pick **${a}** when its strengths match your constraints, and **${b}** otherwise.`,
    );
  } else if (DETAIL.test(text) || text.split(/\s+/).length > 25) {
    kind = 'detail';
    parts.push(fill(pick(random, OPENERS)));
    parts.push(paragraph(2 + Math.floor(random() * 2)));
    if (random() < 0.5) parts.push(`### ${capitalise(fill('what matters with {topic}'))}`);
    parts.push(list(3 + Math.floor(random() * 3)));
    parts.push(paragraph(2));
    parts.push(fill(pick(random, CLOSERS)));
  } else {
    kind = 'short';
    parts.push(fill(pick(random, SHORT)));
    if (text.split(/\s+/).length > 8) parts.push(paragraph(1));
  }
  return { kind, text: parts.join('\n\n') };
}
