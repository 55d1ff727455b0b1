import type { ChatMessage } from '@comput3/api';
import { findAnswer, LIBRARY } from './answers/index.js';
import { arithmetic, factReply, factsOf } from './facts.js';
import { hash, seeded } from './random.js';
import { taskReply } from './tasks/index.js';
import { inVoice } from './voices.js';
import { asksToThink, reasoningFor, reasoningForm } from './reasoning.js';

/**
 * Writes the mock's answer. The offline mock is the first thing a newcomer reads, so it gives
 * real answers or none: a greeting gets a greeting; a fact said earlier in the conversation is
 * remembered ("What is my name?"); a sum is worked out; a question the library has a written
 * answer for (answers/, found by BM25) gets that answer; anything else gets an honest reply
 * that says so and suggests what it can answer. Deterministic: the same request always gets
 * the same reply. The first reply of a conversation says, once, that this is the mock.
 */
export interface Composed {
  /** The reply's Markdown. */
  text: string;
  /** What the reply was built as, for tests and the README. */
  kind: 'greeting' | 'fact' | 'arithmetic' | 'answer' | 'task' | 'unknown' | 'empty';
  /** The library entry answered with, for kind `answer`. */
  answer?: string;
  /** What a model that reasons thought first, when it was asked to think (reasoning.ts). */
  reasoning?: {
    /** The reasoning, as plain text. */
    text: string;
    /** `inline`: in `<think>` at the start of the content (Hermes); `field`: in `reasoning_content`. */
    form: 'inline' | 'field';
  };
}

type Random = () => number;
/** Where the mock has no answer, what it says to do for a real one (the `realAnswer` option). */
export const DEFAULT_REAL_ANSWER =
  'For a real answer, call the real API (`https://api.comput3.ai/v1`) with a key in `COMPUT3_API_KEY`.';
/** Where a written answer says how to get a real one, replaced by what the server was told. */
const REAL_ANSWER = '{realAnswer}';

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

const GREETINGS = [
  'Hello! I am the offline mock: ask me a developer question (server-sent events, retries, SQL joins, git, Docker…), and I will say so when I have no answer.',
  'Hi there. What would you like to work on? I have written answers to common developer questions, and I will tell you when yours is not one of them.',
];

const GREETING =
  /^\s*(say hello|hi|hello|hey|yo|hiya|good (morning|afternoon|evening)|thanks|thank you)\b[\s!.,?]*\w{0,12}[\s!.?]*$/i;

/** A request for French, in the question or the system prompt. */
const FRENCH = /\b(in|en) (french|français)\b/i;
/** A message that only asks for French: "And in French?", "Answer in French." */
const FRENCH_ONLY =
  /^(and |now |then )?(answer |say it |reply )?(in|en) (french|français)[\s?.!]*$/i;

/**
 * An answer in French, when one is asked for: of the question before a follow-up ("And in
 * French?"), or of this one when the system prompt asks. Undefined when French is not asked.
 */
function frenchReply(
  text: string,
  messages: readonly ChatMessage[],
  at: number,
): string | undefined {
  const system = messages
    .filter((m) => m.role === 'system' && typeof m.content === 'string')
    .map((m) => m.content)
    .join('\n');
  // Short messages only: the patterns are anchored, and a long text is no such request.
  if (text.length < 60 && FRENCH_ONLY.test(text)) {
    const before = messages
      .slice(0, at)
      .reverse()
      .find((m) => m.role === 'user' && typeof m.content === 'string');
    if (!before) return "D'accord : je répondrai en français. Que voulez-vous savoir ?";
    const entry = findAnswer(before.content as string);
    return (
      entry?.fr ??
      "Je n'ai pas de version française de cette réponse : je suis le serveur factice hors ligne, et je ne traduis que les réponses écrites qui en ont une (les server-sent events, les filtres de Bloom, les fleuves, les capitales)."
    );
  }
  if (FRENCH.test(system) || FRENCH.test(text)) return findAnswer(text)?.fr;
  return undefined;
}

/** A question clipped to one readable line, for the reply that says it has no answer. */
const clipped = (text: string) => {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > 80 ? `${line.slice(0, 79)}…` : line;
};

/** The honest answer: this is a mock, here is what it does know, and how to get a real one. */
function noAnswer(text: string, random: () => number, realAnswer: string): string {
  const ideas = pickSome(random, LIBRARY, 4).map((e) => `- ${e.ask[0]}`);
  return [
    `I don't have an answer to "${clipped(text)}": I am the offline mock, so I only know the written answers I came with, and I would rather say so than make one up.`,
    `Questions I can answer offline include:\n\n${ideas.join('\n')}`,
    realAnswer,
  ].join('\n\n');
}

/**
 * Composes the reply to `messages` for `model`; `realAnswer` says how to get a real one where
 * the mock has none (the server's `realAnswer` option). A written answer is worded in the
 * model's voice (voices.ts); another `seed` (the request's) is another wording of it.
 */
export function composeReply(
  model: string,
  messages: readonly ChatMessage[],
  realAnswer = DEFAULT_REAL_ANSWER,
  seed = 0,
): Composed {
  const composed = composeAnswer(model, messages, realAnswer, seed);
  const form = reasoningForm(model);
  if (!form || !asksToThink(messages)) return composed;
  const question = messages.filter((m) => m.role === 'user').at(-1)?.content;
  return {
    ...composed,
    reasoning: { text: reasoningFor(typeof question === 'string' ? question : '', composed), form },
  };
}

function composeAnswer(
  model: string,
  messages: readonly ChatMessage[],
  realAnswer: string,
  seed: number,
): Composed {
  const at = messages.map((m) => m.role).lastIndexOf('user');
  const lastUser = at === -1 ? undefined : messages[at];
  // Once per conversation: its first answer says this is the mock.
  const first = !messages.some((m) => m.role === 'assistant');
  const note = first ? `*Offline mock of ${model}: written answers, not a real model.*\n\n` : '';
  const text = typeof lastUser?.content === 'string' ? lastUser.content.trim() : '';
  if (!text) return { kind: 'empty', text: `${note}Send a message and I will answer it.` };
  const random = seeded(hash(`${model}\n${seed ? `${seed}\n` : ''}${JSON.stringify(messages)}`));
  const said = (kind: Composed['kind'], body: string, answer?: string): Composed => ({
    kind,
    text: `${note}${body}`,
    ...(answer ? { answer } : {}),
  });

  // A greeting is short: the pattern's runs of spaces and punctuation would backtrack on a
  // long text.
  if (text.length < 60 && GREETING.test(text)) return said('greeting', pick(random, GREETINGS));
  const fact = factReply(text, factsOf(messages.slice(0, at)), factsOf(messages.slice(0, at + 1)));
  if (fact) return said('fact', fact);
  const sum = arithmetic(text);
  if (sum) return said('arithmetic', sum);
  const french = frenchReply(text, messages, at);
  if (french) return said('answer', french);
  const task = taskReply(text, messages.slice(0, at + 1));
  if (task) return said('task', task);
  const entry = findAnswer(text);
  if (entry) {
    const worded = inVoice(entry.answer.replace(REAL_ANSWER, realAnswer), model, text, seed);
    return said('answer', worded, entry.id);
  }
  return said('unknown', noAnswer(text, random, realAnswer));
}
