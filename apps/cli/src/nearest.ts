/**
 * The candidate closest to `word` by edit distance, when it is close (a typo, not a guess):
 * within `most` edits, by default 1 for a word of up to 4 letters and 2 for a longer one.
 */
export function nearest(
  word: string,
  candidates: readonly string[],
  most = word.length <= 4 ? 1 : 2,
): string | undefined {
  let best: string | undefined;
  let bestDistance = most + 1;
  for (const c of candidates) {
    const d = distance(word.toLowerCase(), c.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [c, d];
  }
  return best;
}

/**
 * Edit distance with swapped neighbours as one edit ("chta" is one from "chat"): the optimal
 * string alignment form of Damerau–Levenshtein. Written here rather than taken from a package:
 * it is a dozen lines over short words (flags, commands, model ids), and the CLI's cold start
 * is budgeted.
 */
function distance(a: string, b: string): number {
  let before: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(
        prev[j]! + 1,
        row[j - 1]! + 1,
        prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        row[j] = Math.min(row[j]!, before[j - 2]! + 1);
      }
    }
    [before, prev] = [prev, row];
  }
  return prev[b.length]!;
}
