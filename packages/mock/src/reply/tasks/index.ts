import type { ChatMessage } from '@comput3/api';
import { findAnswer, LIBRARY } from '../answers/index.js';
import { commitMessage } from './commit-message.js';
import { parseDiff, type DiffFile } from './diff.js';
import { explainCode } from './explain-code.js';
import { inLanguage, languageAsked } from './in-language.js';
import { review } from './review.js';
import { summarize } from './summary.js';

/**
 * Work over text the message gives (a piped diff, a file, a pasted article), done for real:
 * a commit message derived from the diff, review remarks from its added lines, an extractive
 * summary of the text. The instruction is the paragraph that asks; the text is the rest of
 * the message (or what follows the instruction's colon). A follow-up ("make it shorter",
 * "what would you change?", "and in Python?") works on the conversation: the code or answer
 * before it.
 */
const COMMIT = /\bcommit message\b/i;
const REVIEW = /\breview\b|\bwhat would you (change|improve)\b|\bany (problems|issues)\b/i;
const SUMMARY = /\bsummar(y|i[sz]e)\b|\btl;?dr\b|\bsum (it|this) up\b/i;
const EXPLAIN = /\bwhat does (this|the|it|that) (code )?do\b|\bexplain (this|the) (code|file)\b/i;
const CONTINUE =
  /^(and then|then what|what next|what's next|go on|continue|and after that)[\s?.!]*$/i;
const SHORTER = /\b(make it |)(shorter|briefer|more concise)\b|\bin one sentence\b/i;

export function taskReply(text: string, messages: readonly ChatMessage[]): string | undefined {
  // The instruction is the last short paragraph that asks for one: a prompt comes after the
  // text piped in, and that text may use the same words ("the budget review found…").
  const asked = instruction(text);
  if (asked && COMMIT.test(asked)) {
    const files = codeOf(text, messages);
    return files.length
      ? `${commitMessage(files)}\n\nDerived from the diff: ${files.length} file${files.length === 1 ? '' : 's'}, +${count(files, 'added')} -${count(files, 'removed')}.`
      : 'There is no diff in the message to describe: pipe one in, as in `git diff | comput3 "Write a commit message for this diff"`.';
  }
  if (asked && REVIEW.test(asked)) {
    const files = codeOf(text, messages);
    return files.length
      ? review(files)
      : 'There is no code in the message to review: pipe a diff in (`git diff | comput3 "Review this change."`) or add files with `-f`.';
  }
  if (asked && EXPLAIN.test(asked)) {
    const files = codeOf(text, messages);
    return files.length
      ? explainCode(files)
      : 'There is no code in the message to explain: add the files with `-f` (`comput3 -f src/ "What does this code do?"`) or paste the code after the question.';
  }
  if (asked && SUMMARY.test(asked)) {
    const body = givenText(text, SUMMARY) || previousAnswer(messages);
    return (
      (body && summarize(body)) ||
      'There is no text to summarize: pipe it in (`cat notes.md | comput3 "summarise this"`) or paste it after "summarise this:".'
    );
  }
  if (text.length < 40 && CONTINUE.test(text)) return nextSteps(messages);
  const language = languageAsked(text);
  if (language) return inLanguage(language, messages);
  if (SHORTER.test(text) && text.length < 80) {
    const before = previousAnswer(messages);
    return before
      ? summarize(before, 1)
      : 'There is no answer before this one to shorten: ask something first.';
  }
  return undefined;
}

/**
 * The paragraph that asks for a task: the last short one that names one ("Review this
 * change."), not a word in a long text the message gives. A paragraph that goes on after a
 * colon (the text it is about) counts by what comes before the colon.
 */
function instruction(text: string): string | undefined {
  const heads = text.split(/\n\s*\n/).map((p) => p.split(/:\s/, 1)[0]!);
  return heads
    .reverse()
    .find(
      (h) => h.length <= 200 && [COMMIT, REVIEW, SUMMARY, EXPLAIN].some((task) => task.test(h)),
    );
}

const count = (files: readonly DiffFile[], side: 'added' | 'removed') =>
  files.reduce((n, f) => n + f[side].length, 0);

/**
 * The code the message (or, for a follow-up, the last message that had any) gives: a diff's
 * files, or files sent with `-f` (the CLI puts each under `### path` in a fence), read as
 * wholly added.
 */
function codeOf(text: string, messages: readonly ChatMessage[]): DiffFile[] {
  const here = filesIn(text);
  if (here.length) return here;
  for (let i = messages.length - 2; i >= 0; i--) {
    const m = messages[i]!;
    if (m.role === 'user' && typeof m.content === 'string') {
      const there = filesIn(m.content);
      if (there.length) return there;
    }
  }
  return [];
}

function filesIn(text: string): DiffFile[] {
  const diff = parseDiff(text);
  if (diff.length) return diff;
  // One pass over the lines (a pattern with a lazy body would rescan the text for each
  // unclosed fence): `### path`, a blank line, a fence, the file, the closing fence.
  const attached: DiffFile[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const path = /^### (\S.*)$/.exec(lines[i]!)?.[1];
    if (!path || lines[i + 1] !== '' || !lines[i + 2]?.startsWith('```')) continue;
    const file: DiffFile = { path: path.trim(), status: 'added', added: [], removed: [] };
    let j = i + 3;
    for (; j < lines.length && lines[j] !== '```'; j++) {
      file.added.push({ line: j - i - 2, text: lines[j]! });
    }
    attached.push(file);
    i = j;
  }
  return attached;
}

/** The text an instruction is about: what follows its colon, and the message's other paragraphs. */
function givenText(text: string, instruction: RegExp): string {
  const paragraphs = text.split(/\n\s*\n/);
  const at = paragraphs.findIndex((p) => instruction.test(p));
  if (at === -1) return '';
  const asked = paragraphs[at]!;
  const colon = asked.search(/:\s/);
  const inline = colon === -1 ? '' : asked.slice(colon + 1).trim();
  const rest = paragraphs.filter((_, i) => i !== at).join('\n\n');
  return [inline, rest].filter(Boolean).join('\n\n').trim();
}

/** The assistant's last answer, as prose (code blocks and the mock's own note left out). */
function previousAnswer(messages: readonly ChatMessage[]): string {
  for (let i = messages.length - 1; i >= 0; i--) {
    const m = messages[i]!;
    if (m.role === 'assistant' && typeof m.content === 'string') {
      return m.content
        .replace(/```[\s\S]*?```/g, '')
        .replace(/^\*Offline mock of [^*]*\*$/m, '')
        .trim();
    }
  }
  return '';
}

/**
 * "And then?": what to look at next after the last answer: the written answers that share the
 * most subject words with it, each with its first sentence.
 */
function nextSteps(messages: readonly ChatMessage[]): string {
  const asked = [...messages]
    .reverse()
    .slice(1)
    .find((m) => m.role === 'user' && typeof m.content === 'string');
  const entry = asked ? findAnswer(asked.content as string) : undefined;
  if (!entry) return 'Then what? Ask me something first, and "and then?" goes on from my answer.';
  const words = new Set(entry.keywords.split(' '));
  const related = LIBRARY.filter((e) => e.id !== entry.id)
    .map((e) => ({ e, shared: e.keywords.split(' ').filter((w) => words.has(w)).length }))
    .filter((r) => r.shared > 0)
    .sort((a, b) => b.shared - a.shared)
    .slice(0, 3);
  if (!related.length) return `That was the whole of it: ${entry.ask[0]} is answered above.`;
  const first = (answer: string) =>
    /^[^\n]*?[.!?](\s|$)/.exec(answer.replace(/\*\*/g, ''))?.[0].trim() ?? '';
  return [
    'From there, the next things to look at:',
    '',
    ...related.map(({ e }) => `- **${e.ask[0]}**: ${first(e.answer)}`),
  ].join('\n');
}
