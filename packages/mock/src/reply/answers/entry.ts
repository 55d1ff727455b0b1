/** One written answer, and the questions it answers (found by text similarity, see index.ts). */
export interface Entry {
  id: string;
  /** Ways people ask it: the first is the one suggested when nothing matches. */
  ask: string[];
  /** Words that name the subject, weighed more than the questions' other words. */
  keywords: string;
  /** Markdown, as a model would answer: correct prose, and code that runs as written. */
  answer: string;
  /** The answer in French, for "And in French?" and a system prompt that asks for French. */
  fr?: string;
}
