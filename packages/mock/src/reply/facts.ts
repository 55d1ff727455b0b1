import type { ChatMessage } from '@comput3/api';

/**
 * Simple facts a person says about themselves earlier in a conversation ("My name is Ada",
 * "I live in Lisbon", "my favourite language is Rust"), and the questions that ask for them
 * back. Linear regexes over one message at a time, anchored or bounded: the input is a
 * stranger's text.
 */
export interface Facts {
  name?: string;
  place?: string;
  work?: string;
  favourites: Map<string, string>;
}

const NAME =
  /\b(?:my name is|my name's|call me|i am called|i'm called)\s+([\p{Lu}][\p{L}'-]{0,30}(?: [\p{Lu}][\p{L}'-]{0,30})?)/iu;
const PLACE =
  /\b(?:i live in|i'm from|i am from|i'm based in|i am based in)\s+([\p{L}][\p{L} .'-]{0,40}?)(?=[.,!?;]|$| and )/iu;
const WORK =
  /\bi work (?:at|for)\s+([\p{L}\p{N}][\p{L}\p{N} .&'-]{0,40}?)(?=[.,!?;]|$| and | as )/iu;
const FAVOURITE =
  /\bmy (?:favou?rite|preferred) ([\p{L}]{2,20}(?: [\p{L}]{2,20})?) is\s+([\p{L}\p{N}][\p{L}\p{N} .+#'-]{0,40}?)(?=[.,!?;]|$| and )/iu;

/** The facts in the user's messages before the last, later ones winning. */
export function factsOf(messages: readonly ChatMessage[]): Facts {
  const facts: Facts = { favourites: new Map() };
  for (const m of messages) {
    if (m.role !== 'user' || typeof m.content !== 'string') continue;
    const text = m.content.slice(0, 2000);
    const name = NAME.exec(text)?.[1];
    if (name) facts.name = name;
    const place = PLACE.exec(text)?.[1];
    if (place) facts.place = place.trim();
    const work = WORK.exec(text)?.[1];
    if (work) facts.work = work.trim();
    const fav = FAVOURITE.exec(text);
    if (fav) facts.favourites.set(fav[1]!.toLowerCase(), fav[2]!.trim());
  }
  return facts;
}

/** A reply to a question about a remembered fact, or to a message that states one. */
export function factReply(text: string, earlier: Facts, now: Facts): string | undefined {
  // Trailing punctuation and space taken off by a loop: a pattern anchored at the end
  // (/[?!.\s]+$/) retries from every position of a long run of spaces, quadratic in it.
  let end = text.length;
  while (end > 0 && '?!. \t\n\r'.includes(text[end - 1]!)) end--;
  const q = text.slice(0, end).trim().toLowerCase();
  if (/^(what(?:'s| is) my name|who am i|do you (?:know|remember) my name)$/.test(q)) {
    return earlier.name
      ? `Your name is ${earlier.name}.`
      : "You haven't told me your name in this conversation. What should I call you?";
  }
  if (/^(where do i live|where am i from|where am i based)$/.test(q)) {
    return earlier.place
      ? `You said you live in ${earlier.place}.`
      : "You haven't told me where you live.";
  }
  if (/^(where do i work|who do i work for)$/.test(q)) {
    return earlier.work ? `You work at ${earlier.work}.` : "You haven't told me where you work.";
  }
  const fav =
    /^what(?:'s| is) my (?:favou?rite|preferred) ([\p{L}]{2,20}(?: [\p{L}]{2,20})?)$/u.exec(q);
  if (fav) {
    const value = earlier.favourites.get(fav[1]!);
    return value
      ? `Your favourite ${fav[1]} is ${value}.`
      : `You haven't told me your favourite ${fav[1]} yet.`;
  }
  // A short message that states a fact gets an acknowledgement, not a search.
  if (text.length <= 120) {
    if (now.name && now.name !== earlier.name && NAME.test(text))
      return `Nice to meet you, ${now.name}! What can I help you with?`;
    if (now.place && now.place !== earlier.place && PLACE.test(text))
      return `Got it: you live in ${now.place}. I'll keep that in mind for this conversation.`;
    if (now.work && now.work !== earlier.work && WORK.test(text))
      return `Noted: you work at ${now.work}.`;
    const f = FAVOURITE.exec(text);
    if (f) return `Noted: your favourite ${f[1]!.toLowerCase()} is ${f[2]!.trim()}.`;
  }
  return undefined;
}

/**
 * "What is 12 * (3 + 4)?": arithmetic, worked out by a small recursive-descent parser (no
 * eval), on at most 200 characters. Undefined when the message is not a sum.
 */
export function arithmetic(text: string): string | undefined {
  const m =
    /^\s*(?:what(?:'s| is)|calculate|compute|how much is)?\s*([-+*/×x÷^().\d\s]{3,200}?)\s*[=?]?\s*$/i.exec(
      text,
    );
  if (!m || !/\d\s*[-+*/×x÷^]\s*[-(\d]/.test(m[1]!)) return undefined;
  const src = m[1]!.replace(/[×x]/g, '*').replace(/÷/g, '/').replace(/\s+/g, '');
  let i = 0;
  const peek = () => src[i];
  const number = (): number => {
    if (peek() === '(') {
      i++;
      const v = sum();
      if (src[i++] !== ')') throw new Error('unbalanced');
      return v;
    }
    if (peek() === '-') {
      i++;
      return -number();
    }
    const start = i;
    while (i < src.length && /[\d.]/.test(src[i]!)) i++;
    if (start === i) throw new Error('number expected');
    return Number(src.slice(start, i));
  };
  const power = (): number => {
    const base = number();
    if (peek() !== '^') return base;
    i++;
    return base ** power();
  };
  const product = (): number => {
    let v = power();
    while (peek() === '*' || peek() === '/') v = src[i++] === '*' ? v * power() : v / power();
    return v;
  };
  const sum = (): number => {
    let v = product();
    while (peek() === '+' || peek() === '-') v = src[i++] === '+' ? v + product() : v - product();
    return v;
  };
  try {
    const value = sum();
    if (i !== src.length || !Number.isFinite(value)) return undefined;
    const shown = Number.isInteger(value) ? String(value) : String(Math.round(value * 1e10) / 1e10);
    return `${m[1]!.trim()} = **${shown}**`;
  } catch {
    return undefined;
  }
}
