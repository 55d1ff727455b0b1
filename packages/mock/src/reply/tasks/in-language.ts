import type { ChatMessage } from '@comput3/api';
import { findAnswer, LIBRARY, type Entry } from '../answers/index.js';

/**
 * "And in Python?": the question before, answered in another language. The answer is the
 * code in that language from the written answer to the question before, or from another
 * written answer on the same subject; when there is none, the reply says so (and which
 * languages it does have), rather than answering some other question that mentions Python.
 */
const IN_LANGUAGE =
  /^(?:and |now |what about |how about |same |also )?(?:in|with|using) ([a-z][\w+#]{0,11})(?: instead)?[\s?.!]*$/i;

/** Languages by the names people type, with the tags their code fences use. */
const LANGUAGES: Record<string, { name: string; fences: string[] }> = {
  python: { name: 'Python', fences: ['python', 'py'] },
  py: { name: 'Python', fences: ['python', 'py'] },
  typescript: { name: 'TypeScript', fences: ['ts', 'typescript'] },
  ts: { name: 'TypeScript', fences: ['ts', 'typescript'] },
  javascript: { name: 'JavaScript', fences: ['js', 'javascript'] },
  js: { name: 'JavaScript', fences: ['js', 'javascript'] },
  go: { name: 'Go', fences: ['go'] },
  golang: { name: 'Go', fences: ['go'] },
  rust: { name: 'Rust', fences: ['rust', 'rs'] },
  java: { name: 'Java', fences: ['java'] },
  kotlin: { name: 'Kotlin', fences: ['kotlin', 'kt'] },
  swift: { name: 'Swift', fences: ['swift'] },
  ruby: { name: 'Ruby', fences: ['ruby', 'rb'] },
  php: { name: 'PHP', fences: ['php'] },
  'c#': { name: 'C#', fences: ['csharp', 'cs'] },
  'c++': { name: 'C++', fences: ['cpp', 'c++'] },
  c: { name: 'C', fences: ['c'] },
  sql: { name: 'SQL', fences: ['sql'] },
  bash: { name: 'shell', fences: ['sh', 'bash'] },
  shell: { name: 'shell', fences: ['sh', 'bash'] },
};

/** Words that name a language or a kind of answer, not a subject: never what two answers share. */
const NOT_A_SUBJECT = new Set([...Object.keys(LANGUAGES), 'implementation', 'code', 'example']);

/** The language a follow-up asks for, or undefined when the message is not one. */
export function languageAsked(text: string): (typeof LANGUAGES)[string] | undefined {
  if (text.length > 40) return undefined;
  const name = IN_LANGUAGE.exec(text.trim())?.[1]?.toLowerCase();
  return name && Object.hasOwn(LANGUAGES, name) ? LANGUAGES[name] : undefined;
}

/** The code blocks of `answer` written in one of `fences`, with the line that introduces each. */
function codeIn(answer: string, fences: readonly string[]): string[] {
  const blocks: string[] = [];
  const lines = answer.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const tag = /^```([\w+#-]*)\s*$/.exec(lines[i]!)?.[1];
    if (tag === undefined) continue;
    const end = lines.indexOf('```', i + 1);
    if (end === -1) break;
    if (fences.includes(tag.toLowerCase())) blocks.push(lines.slice(i, end + 1).join('\n'));
    i = end;
  }
  return blocks;
}

const subject = (e: Entry) => e.keywords.split(' ').filter((w) => !NOT_A_SUBJECT.has(w));
const languagesOf = (answer: string) =>
  [...new Set([...answer.matchAll(/^```([\w+#-]+)\s*$/gm)].map((m) => m[1]!.toLowerCase()))]
    .map((tag) => Object.values(LANGUAGES).find((l) => l.fences.includes(tag))?.name)
    .filter((name): name is string => Boolean(name));

/** The reply to "and in <language>?" after `messages` (which end with it). */
export function inLanguage(
  language: (typeof LANGUAGES)[string],
  messages: readonly ChatMessage[],
): string {
  const asked = [...messages]
    .reverse()
    .slice(1)
    .find((m) => m.role === 'user' && typeof m.content === 'string')?.content as string | undefined;
  if (!asked) return `In ${language.name}, gladly: what should I write?`;
  const entry = findAnswer(asked);
  const line = asked.replace(/\s+/g, ' ').trim().slice(0, 80);
  if (!entry) {
    return `I had no written answer to "${line}", so I have none in ${language.name} either: I am the offline mock.`;
  }
  const here = codeIn(entry.answer, language.fences);
  if (here.length) return `In ${language.name}:\n\n${here.join('\n\n')}`;
  // Another written answer on the same subject, in that language: most shared subject words.
  const words = new Set(subject(entry));
  const sibling = LIBRARY.filter((e) => e !== entry && codeIn(e.answer, language.fences).length)
    .map((e) => ({ e, shared: subject(e).filter((w) => words.has(w)).length }))
    .filter((s) => s.shared >= Math.min(2, words.size))
    .sort((a, b) => b.shared - a.shared)[0]?.e;
  if (sibling) return sibling.answer;
  const have = languagesOf(entry.answer);
  return [
    `I have no written answer to "${line}" in ${language.name}: I am the offline mock, and I would rather say so than make one up.`,
    have.length ? `The answer above has code in ${have.join(' and ')}.` : '',
  ]
    .filter(Boolean)
    .join(' ');
}
