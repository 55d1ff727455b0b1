import MiniSearch from 'minisearch';
import { CODE } from './code.js';
import type { Entry } from './entry.js';
import { TOOLS } from './tools.js';
import { WEB } from './web.js';

export type { Entry } from './entry.js';

/** Every written answer the offline mock has. */
export const LIBRARY: readonly Entry[] = [...WEB, ...CODE, ...TOOLS];

/**
 * Words that say nothing about the subject ("explain", "what is the"): left out of the index
 * and of queries, so a question matches on what it is about.
 */
const STOP = new Set(
  (
    'a an the and or but if then so to of in on at by for with about from into as is are was ' +
    'were be been do does did can could should would will i me my we our you your it its this ' +
    'that these those there here what which who whom why how when where please tell show give ' +
    'write explain describe example examples some any us make create implement using use ' +
    'compare versus vs difference differences between step by one paragraph detail detailed ' +
    'simple short quick brief way ways work works good best better should need want help name'
  ).split(' '),
);

const processTerm = (term: string) => {
  const t = term.toLowerCase();
  return t.length < 2 || STOP.has(t) ? null : t;
};
const tokenize = (text: string) => text.split(/[^\p{L}\p{N}]+/u);

let index: MiniSearch<{ id: string; ask: string; keywords: string }> | undefined;
function search() {
  if (index) return index;
  index = new MiniSearch({
    fields: ['ask', 'keywords'],
    processTerm,
    // "server-sent", "async/await", "hermes4:70b" split into their words.
    tokenize,
    // Typos are forgiven in longer words only: "rust" is not "rest".
    searchOptions: {
      boost: { keywords: 2 },
      fuzzy: (term) => (term.length >= 6 ? 0.2 : false),
      prefix: (term) => term.length > 3,
    },
  });
  index.addAll(LIBRARY.map((e) => ({ id: e.id, ask: e.ask.join('\n'), keywords: e.keywords })));
  return index;
}

/**
 * What a match must reach: a BM25 score (as MiniSearch computes it), and half of the
 * question's own words found in the answer's questions or keywords, so that one shared word
 * ("python" in "parse a CSV file in Python") is not taken for the subject. Tuned on the
 * library's questions and on questions it has no answer to (test/reply/answers.test.ts).
 */
const MIN_SCORE = 6;
const MIN_COVERAGE = 0.5;

/** Questions about the mock itself: all stop words, so asked for by their whole text. */
const ABOUT =
  /^\s*(what can you do|who are you|what are you|are you a real model|are you real|what is this)\s*\??\s*$/i;

/** The written answer to `question` (BM25, by MiniSearch), or undefined when none fits. */
export function findAnswer(question: string): Entry | undefined {
  if (ABOUT.test(question)) return LIBRARY.find((e) => e.id === 'about-mock');
  // A question is searched by its first 2,000 characters: enough to say what it is about.
  const text = question.slice(0, 2000);
  const [best] = search().search(text, { combineWith: 'OR' });
  if (!best || best.score < MIN_SCORE) return undefined;
  const words = new Set(tokenize(text).map(processTerm).filter(Boolean));
  if (best.queryTerms.length / Math.max(1, words.size) < MIN_COVERAGE) return undefined;
  return LIBRARY.find((e) => e.id === best.id);
}
