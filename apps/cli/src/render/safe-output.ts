/**
 * What reaches a terminal. A reply, a server's error text, a stored conversation or a model id
 * can carry escape sequences: OSC 52 writes the clipboard (the next paste into a shell runs the
 * attacker's command), others retitle the window, clear the screen or answer back into the
 * input. They can arrive raw or be made by Markdown's character references (`&#27;`, `&#x9b;`)
 * after any filter on the raw text, so the filter is applied here, to the final text, on every
 * write to stdout and stderr that is a terminal (any colour mode); a pipe gets the exact bytes.
 *
 * Kept: text, tab, newline, carriage return, and the CSI sequences the CLI and readline write
 * themselves: styling (SGR, only with colour), cursor moves (A B C D G H), erasing the line or
 * below (K, J without 2 or 3), bracketed paste on and off. Everything else that is a control
 * (C0, DEL, C1, any other escape) is dropped; one linear pass, no backtracking.
 */
const CONTROLS = /\x1b\[([0-?]*)[ -/]*([@-~])|\x1b[^\n]?|[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]/g;

const ALLOWED_FINALS = 'ABCDGHK';

/**
 * Characters that change how the text around them reads without showing themselves: bidi
 * embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069: "Trojan Source" text that
 * displays in another order than it runs), and zero-width spaces and joiners that are no part of
 * an emoji or a script (U+200B, U+2060–U+2064, U+FEFF). Shown, never obeyed: `<U+202E>`.
 * (U+200C/U+200D stay: Persian, Indic scripts and emoji sequences need them.)
 */
const DISGUISES = /[\u202a-\u202e\u2066-\u2069\u200b\u2060-\u2064\ufeff]/g;

/** A character as a visible mark: `<U+202E>`. */
const mark = (c: string) => `<U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}>`;

const showDisguises = (text: string) => text.replace(DISGUISES, mark);

function forTerminal(text: string, color: boolean): string {
  return showDisguises(text).replace(
    CONTROLS,
    (seq, params: string | undefined, final: string | undefined) => {
      if (final === undefined) return '';
      if (final === 'm') return color && /^[0-9;]*$/.test(params!) ? seq : '';
      if (ALLOWED_FINALS.includes(final)) return /^[0-9;]*$/.test(params!) ? seq : '';
      if (final === 'J') return params === '' || params === '0' ? seq : '';
      if (final === 'h' || final === 'l') return params === '?2004' ? seq : '';
      return '';
    },
  );
}

/**
 * Untrusted text of several lines inside the CLI's own output (a server's message, a stored
 * message): every control but tab and newline dropped, so not even a cursor move passes, and
 * what could disguise text shown.
 */
export const stripControls = (text: string) =>
  showDisguises(text.replace(/[\x00-\x08\x0b-\x1f\x7f-\x9f]/g, ''));

/**
 * An untrusted name for one line of the CLI's own (a model id, a request id, a file's name, a
 * conversation's id): every control, line breaks and tabs included, and every disguise shown as
 * a mark (`<U+000A>`), so a name can neither draw on the terminal nor pass for another.
 */
export const forName = (text: string) =>
  text.replace(/[\x00-\x1f\x7f-\x9f]/g, mark).replace(DISGUISES, mark);

const raw = new WeakMap<NodeJS.WriteStream, NodeJS.WriteStream['write']>();

/** Puts `forTerminal` in front of every write to `stream`, when it is a terminal. */
export function guardTerminal(stream: NodeJS.WriteStream, color: boolean): void {
  if (!stream.isTTY || raw.has(stream)) return;
  const write: NodeJS.WriteStream['write'] = stream.write.bind(stream);
  raw.set(stream, write);
  const guarded = (chunk: string | Uint8Array, ...rest: never[]) =>
    write(
      forTerminal(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString(), color),
      ...rest,
    );
  stream.write = guarded;
}

/**
 * Writes past the guard: only for a sequence the user asked for by name (chat's /copy writes
 * the answer to the clipboard with OSC 52).
 */
export function writeUnguarded(stream: NodeJS.WriteStream, text: string): void {
  (raw.get(stream) ?? stream.write.bind(stream))(text);
}
