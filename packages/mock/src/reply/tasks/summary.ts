/**
 * An extractive summary: the sentences that carry the text's most frequent content words, in
 * the order they came (Luhn's word-frequency scoring, the standard extractive method). Each
 * sentence scores the summed frequency of its content words over its length, so neither a long
 * sentence nor a short one wins by length alone. Linear in the text; text past MAX_CHARS is
 * not read.
 */
const MAX_CHARS = 200_000;
const STOP = new Set(
  (
    'a an the and or but if then so to of in on at by for with about from into as is are was ' +
    'were be been being do does did can could should would will shall may might must i me my ' +
    'we our you your he she it its they them their this that these those there here what which ' +
    'who whom why how when where not no yes all any each some such than too very just also only ' +
    'more most other over under again once own same both few up down out off has have had having'
  ).split(' '),
);

/**
 * The sentences of `text` ranked by how much of its most frequent words they carry (best
 * first, ties in text order), with the sentence count and the top words. `text` may come
 * already split into sentences (by a caller that knows its Markdown).
 */
export function rankSentences(
  text: string | readonly string[],
): { ranked: { i: number; s: string }[]; total: number; top: string[] } | undefined {
  const sentences = (
    typeof text === 'string'
      ? (text.slice(0, MAX_CHARS).match(/[^.!?\n]+(?:[.!?]+|$)/gm) ?? [])
      : text
  )
    .map((s) => s.trim())
    .filter((s) => /\p{L}/u.test(s));
  if (sentences.length === 0) return undefined;
  const wordsOf = (s: string) =>
    (s.toLowerCase().match(/\p{L}[\p{L}'-]*/gu) ?? []).filter((w) => w.length > 2 && !STOP.has(w));
  // A Map, not an object: words from the text never become property names.
  const frequency = new Map<string, number>();
  const words = sentences.map(wordsOf);
  for (const list of words) for (const w of list) frequency.set(w, (frequency.get(w) ?? 0) + 1);
  const ranked = sentences
    .map((s, i) => ({
      i,
      s,
      score: words[i]!.reduce((n, w) => n + frequency.get(w)!, 0) / Math.sqrt(words[i]!.length + 1),
    }))
    .sort((a, b) => b.score - a.score || a.i - b.i)
    .map(({ i, s }) => ({ i, s }));
  const top = [...frequency]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 5)
    .map(([w]) => w);
  return { ranked, total: sentences.length, top };
}

/** A third of the text's sentences (at most `most`), those that carry its most frequent words. */
export function summarize(text: string, most = 3): string | undefined {
  const rank = rankSentences(text);
  if (!rank) return undefined;
  const { ranked, total, top } = rank;
  const chosen = ranked
    .slice(0, Math.min(most, Math.ceil(total / 3)))
    .sort((a, b) => a.i - b.i)
    .map((c) => c.s);
  return [
    `**Summary** (${chosen.length} of ${total} sentence${total === 1 ? '' : 's'}, the ones that carry its most frequent words: ${top.join(', ')}):`,
    '',
    ...chosen.map((c) => `- ${c}`),
  ].join('\n');
}
