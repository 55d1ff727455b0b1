import { hash } from './random.js';
import { rankSentences } from './tasks/summary.js';

/**
 * Each model answers in its own voice, and another sample (a request's `seed`) is another
 * wording, so Compare shows three different answers and Regenerate a new version. A voice
 * only rearranges and frames a written answer, never changes what it says: what it leads with
 * (the answer, a one-sentence summary, or the code), how much of it it gives (all, or the
 * first part when the question does not ask for detail), and how it ends (as written, a
 * recap, or an offer to go on). The summary and the recap are sentences of the answer itself,
 * picked by the summary's word-frequency scoring.
 */
interface Voice {
  lead: 'answer' | 'summary' | 'code';
  length: 'full' | 'brief';
  close: 'none' | 'recap' | 'offer';
}

/** By model family; the reference voice (the answer as written) is Hermes 4 70B's. */
const VOICES: [RegExp, Voice][] = [
  [/^hermes4:70b$/, { lead: 'answer', length: 'full', close: 'none' }],
  [/^hermes/, { lead: 'answer', length: 'full', close: 'recap' }],
  [/^deepseek/, { lead: 'summary', length: 'full', close: 'none' }],
  [/^kimi/, { lead: 'answer', length: 'full', close: 'offer' }],
  [/^qwen3-coder/, { lead: 'code', length: 'full', close: 'none' }],
  [/^qwen/, { lead: 'summary', length: 'full', close: 'recap' }],
  [/^grok/, { lead: 'code', length: 'brief', close: 'none' }],
  [/^claude/, { lead: 'answer', length: 'brief', close: 'offer' }],
];
const LEADS = ['answer', 'summary', 'code'] as const;
const CLOSES = ['none', 'recap', 'offer'] as const;

const SUMMARY_LABELS = ['In short', 'Short answer', 'The gist'];
const RECAP_LABELS = ['To sum up', 'In one line', 'Bottom line'];
const OFFERS = [
  'Want me to go deeper into any part of this?',
  'Tell me which part you want to see in more detail.',
  'I can expand on any of these, or show a worked example.',
];
/** A question that asks for detail gets the whole answer from every voice. */
const DETAIL = /\b(in detail|detailed|step by step|explain|thorough|everything|in depth)\b/i;

/** The voice of `model` for sample `seed`: a model's own, then turned one step per seed. */
function voiceOf(model: string, seed: number): Voice & { wording: number } {
  const own =
    VOICES.find(([family]) => family.test(model))?.[1] ?? VOICES[hash(model) % VOICES.length]![1];
  if (!seed) return { ...own, wording: 0 };
  const turn = (list: readonly string[], value: string, by: number) =>
    list[(list.indexOf(value) + by) % list.length]!;
  return {
    lead: turn(LEADS, own.lead, seed) as Voice['lead'],
    length: own.length,
    close: turn(CLOSES, own.close, seed + 1) as Voice['close'],
    wording: seed,
  };
}

type Block = { kind: 'code' | 'list' | 'table' | 'heading' | 'prose'; text: string };

/** A Markdown answer's blocks (a fence whole, blank lines inside it included), in one pass. */
function blocksOf(markdown: string): Block[] {
  const blocks: Block[] = [];
  let lines: string[] = [];
  let fenced = false;
  const flush = () => {
    if (!lines.length) return;
    const text = lines.join('\n');
    const kind = text.startsWith('```')
      ? 'code'
      : /^(\d+\.|[-*]) /.test(text)
        ? 'list'
        : text.startsWith('|')
          ? 'table'
          : text.startsWith('#')
            ? 'heading'
            : 'prose';
    blocks.push({ kind, text });
    lines = [];
  };
  for (const line of markdown.split('\n')) {
    if (line.startsWith('```')) fenced = !fenced;
    if (!fenced && line.trim() === '' && !line.startsWith('```')) flush();
    else lines.push(line);
  }
  flush();
  return blocks;
}

/**
 * The answer's sentences, of its prose (or, when it has too little, of its list items with their
 * markers and bold labels off), split where a sentence ends and a capital begins, so that
 * "is this in the set?" with… stays one sentence.
 */
/** The sentences of a Markdown answer, as the voices pick them (for the mock's reasoning too). */
export const answerSentences = (markdown: string) => sentencesOf(blocksOf(markdown));

function sentencesOf(blocks: readonly Block[]): string[] {
  const of = (kind: Block['kind']) =>
    blocks
      .filter((b) => b.kind === kind)
      .flatMap((b) => b.text.split('\n'))
      .map((line) => line.replace(/^(\d+\.|[-*]) (\*\*[^*\n]{1,60}\*\*:? )?/, ''))
      .flatMap((line) => line.split(/(?<=[.!?])\s+(?=["'(*`]?[A-Z])/));
  const prose = of('prose');
  return prose.length >= 3 ? prose : [...prose, ...of('list')];
}

/** A sentence for a summary line, its Markdown emphasis off (the line's label is bold). */
function sentence(
  sentences: readonly string[],
  ...skip: (string | undefined)[]
): string | undefined {
  // Not a sentence the reader has just read (the answer's first), nor one already used.
  const plain = (text: string) => text.replaceAll('**', '');
  const picked = rankSentences(sentences)?.ranked.find(
    ({ s }) =>
      !skip.some((k) => k !== undefined && plain(k).includes(plain(s))) &&
      s.length > 30 &&
      !s.endsWith(':'),
  )?.s;
  if (!picked) return undefined;
  let s = plain(picked);
  if ((s.match(/`/g)?.length ?? 0) % 2) s = s.replaceAll('`', '');
  return /[.!?]$/.test(s) ? s : `${s}.`;
}

/** `answer` (a written answer) as `model` words it for the question `asked`, sample `seed`. */
export function inVoice(answer: string, model: string, asked: string, seed = 0): string {
  const voice = voiceOf(model, seed);
  let blocks = blocksOf(answer);
  // One paragraph (a fact, a haiku): nothing to lead with, cut or sum up; every voice says it so.
  if (blocks.length < 2) return answer;
  const sentences = sentencesOf(blocks);
  // Code first, in an answer that has no code, leads with its summary instead.
  if (voice.lead === 'code' && !blocks.some((b) => b.kind === 'code')) voice.lead = 'summary';
  const pick = <T>(list: readonly T[]) => list[(hash(model) + voice.wording) % list.length]!;

  if (voice.length === 'brief' && !DETAIL.test(asked)) {
    // Up to the first list, table or code block, and what introduces it.
    const end = blocks.findIndex((b, i) => i > 0 && ['list', 'table', 'code'].includes(b.kind));
    if (end !== -1 && end + 1 < blocks.length) blocks = blocks.slice(0, end + 1);
  }
  const lead = voice.lead === 'summary' ? sentence(sentences, sentences[0]) : undefined;
  // A summary with no sentence to give (an answer that is mostly code) leads with the code.
  if (voice.lead === 'code' || (voice.lead === 'summary' && !lead)) {
    const at = blocks.findIndex((b) => b.kind === 'code');
    if (at > 0) {
      const [code] = blocks.splice(at, 1);
      // What introduced the code ("like this:") now follows it.
      const before = blocks[at - 1]!;
      if (before.kind === 'prose') before.text = before.text.replace(/:$/, '.');
      blocks = [code!, ...blocks];
    }
  }
  const parts = blocks.map((b) => b.text);
  if (lead) parts.unshift(`**${pick(SUMMARY_LABELS)}:** ${lead}`);
  if (voice.close === 'recap') {
    const recap = sentence(sentences, lead, sentences[0]);
    if (recap) parts.push(`**${pick(RECAP_LABELS)}:** ${recap}`);
  }
  if (voice.close === 'offer') parts.push(pick(OFFERS));
  return parts.join('\n\n');
}
