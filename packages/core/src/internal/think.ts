/**
 * Reasoning written inline, as Hermes 4 and other models do: `<think>…</think>` at the start of
 * the content, before the answer. Split out as the text streams in, so that the answer and the
 * reasoning travel apart; a tag may be cut anywhere across chunks, so the end of a piece that
 * could begin one is held back until the next piece says. Only before the answer: once answer
 * text has come, a `<think>` in it is text (an answer about the tags). Linear: one `indexOf`
 * per tag, and at most seven characters held. Internal.
 */
export interface ThinkState {
  /** Inside a `<think>` block. */
  open?: boolean;
  /** The end of the last piece, which may be the start of a tag. */
  held: string;
  /** Just after a tag: the blank lines that part the reasoning from the tags and the answer are neither's. */
  trim?: boolean;
  /** The answer has begun: the rest is answer. */
  done?: boolean;
}

/** Models known to write their reasoning inline, so splitting is on for them by default. */
export const THINKS_INLINE = /hermes|deepseek-r1|qwq/i;

/** Splits the next piece of content: `[answer, reasoning]`; the `last` piece holds nothing back. */
export function splitThink(state: ThinkState, text: string, last?: boolean): [string, string] {
  const out: [string, string] = ['', ''];
  let rest = state.held + text;
  state.held = '';
  for (;;) {
    if (state.trim && (rest = rest.trimStart())) state.trim = false;
    if (state.done) {
      out[0] += rest;
      return out;
    }
    const tag = state.open ? '</think>' : '<think>';
    const at = rest.indexOf(tag);
    // Without the tag: all but an end that could be its start ("<thi"), held back.
    let end = at;
    if (at < 0) {
      let keep = last ? 0 : Math.min(rest.length, tag.length - 1);
      while (keep && !tag.startsWith(rest.slice(-keep))) keep--;
      end = rest.length - keep;
    }
    // Outside a block, text before the tag (or with none) is the answer begun.
    if (!state.open && rest.slice(0, end).trim()) {
      state.done = true;
      continue;
    }
    out[+!!state.open] += rest.slice(0, end);
    if (at < 0) {
      state.held = rest.slice(end);
      return out;
    }
    rest = rest.slice(at + tag.length);
    state.trim = true;
    state.open = !state.open;
  }
}
