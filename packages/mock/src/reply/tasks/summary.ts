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

export function summarize(text: string, most = 3): string | undefined {
  const body = text.slice(0, MAX_CHARS);
  const sentences =
    body
      .match(/[^.!?\n]+(?:[.!?]+|$)/gm)
      ?.map((s) => s.trim())
      .filter((s) => /\p{L}/u.test(s)) ?? [];
  if (sentences.length === 0) return undefined;
  const wordsOf = (s: string) =>
    (s.toLowerCase().match(/\p{L}[\p{L}'-]*/gu) ?? []).filter((w) => w.length > 2 && !STOP.has(w));
  // A Map, not an object: words from the text never become property names.
  const frequency = new Map<string, number>();
  const words = sentences.map(wordsOf);
  for (const list of words) for (const w of list) frequency.set(w, (frequency.get(w) ?? 0) + 1);
  const keep = Math.min(most, Math.max(1, Math.ceil(sentences.length / 3)));
  const scored = sentences.map((s, i) => ({
    i,
    s,
    score: words[i]!.reduce((n, w) => n + frequency.get(w)!, 0) / Math.sqrt(words[i]!.length + 1),
  }));
  const chosen = [...scored]
    .sort((a, b) => b.score - a.score || a.i - b.i)
    .slice(0, keep)
    .sort((a, b) => a.i - b.i);
  const top = [...frequency]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 5)
    .map(([w]) => w);
  return [
    `**Summary** (${keep} of ${sentences.length} sentence${sentences.length === 1 ? '' : 's'}, the ones that carry its most frequent words: ${top.join(', ')}):`,
    '',
    ...chosen.map((c) => `- ${c.s}`),
  ].join('\n');
}
