import type { ChatMessage } from '@comput3/api';
import type { Composed } from './compose.js';
import { rankSentences } from './tasks/summary.js';
import { answerSentences } from './voices.js';

/**
 * The models that reason, and how each shows it: Hermes 4 writes its reasoning inline, inside
 * `<think>…</think>` at the start of the content; DeepSeek V3.1 sends it beside the content, in
 * `reasoning_content`. They reason when asked to think (in the system prompt, as Hermes 4's
 * documented reasoning prompt does, or in the message): otherwise they answer at once, as the
 * real ones do without their thinking mode.
 */
export type ReasoningForm = 'inline' | 'field';

export function reasoningForm(model: string): ReasoningForm | undefined {
  if (/^hermes/i.test(model)) return 'inline';
  if (/^deepseek/i.test(model)) return 'field';
  return undefined;
}

/** A request to think first: "think step by step", "show your reasoning", "deep thinking AI". */
const ASKED =
  /\b(think(ing)? (it )?(through|step by step|carefully|hard|first)|reason(ing)? step by step|show (your |the )?(reasoning|thinking|work)|deep thinking|chain of thought)\b/i;

export function asksToThink(messages: readonly ChatMessage[]): boolean {
  const system = messages.filter((m) => m.role === 'system');
  const last = messages.filter((m) => m.role === 'user').at(-1);
  // Bounded: the pattern is tried on the first 4,000 characters of each message at most.
  return [...system, ...(last ? [last] : [])].some(
    (m) => typeof m.content === 'string' && ASKED.test(m.content.slice(0, 4000)),
  );
}

/**
 * What the mock thinks before it answers: true to what it does. It names what the question is
 * about, which written answer (or task, or none) it found, and the points it will make (the
 * answer's own key sentences), then how it will answer.
 */
export function reasoningFor(question: string, composed: Composed): string {
  const asked = question.replace(/\s+/g, ' ').trim();
  const about = `The question: "${asked.length > 100 ? `${asked.slice(0, 99)}…` : asked}".`;
  // The answer's own sentences, as the voices pick them; its labels ("In short:") and the
  // mock's note left out.
  const sentences = answerSentences(composed.text.replace(/^\*Offline mock of [^*]*\*$/m, ''))
    .map((line) => line.replace(/^\*\*[^*\n]{1,40}:\*\* /, '').replace(/[*_`]/g, ''))
    .filter((line, i, all) => line.length > 20 && !line.endsWith(':') && all.indexOf(line) === i);
  const points = (rankSentences(sentences)?.ranked ?? [])
    .slice(0, 3)
    .sort((a, b) => a.i - b.i)
    .map((r) => `- ${r.s}`);
  const found: Record<Composed['kind'], string> = {
    answer: `I have a written answer for this${composed.answer ? ` (${composed.answer})` : ''}.`,
    task: 'This asks for work on the text the message gives, so the answer comes from that text.',
    fact: 'This is about something said earlier in the conversation.',
    arithmetic: 'This is a sum: work it out step by step.',
    greeting: 'A greeting: answer it, and say what I can help with.',
    unknown: 'I have no written answer that fits, so the honest reply is to say so.',
    empty: 'There is no question yet.',
  };
  return [
    about,
    found[composed.kind],
    ...(points.length ? ['The points to make:', ...points] : []),
    howToAnswer(composed.text),
  ].join('\n');
}

/** How the answer is given, read from how it begins (the voice's choice): true to what follows. */
function howToAnswer(text: string): string {
  const start = text.replace(/^\*Offline mock of [^*]*\*\s*/, '').trimStart();
  if (start.startsWith('```')) return 'Lead with the code, then explain it.';
  if (/^\*\*[^*\n]{1,20}:\*\* /.test(start))
    return 'Lead with a one-line summary, then the answer.';
  return 'Answer directly.';
}
