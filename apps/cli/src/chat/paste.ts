import { Transform } from 'node:stream';

/**
 * Bracketed paste: the terminal wraps pasted text in ESC[200~ … ESC[201~ once we ask it to
 * (ESC[?2004h). Node's readline sees a pasted newline as Enter and would send one message per
 * line, so this filter sits between the terminal and readline and turns the newlines inside a
 * paste into PASTED_NEWLINE: the paste becomes one line that readline edits as usual, shown
 * with a visible mark, and `restoreNewlines` turns it back when the line is submitted.
 */
export const PASTED_NEWLINE = '\u2424'; // ␤ SYMBOL FOR NEWLINE

export const ENABLE_BRACKETED_PASTE = '\x1b[?2004h';
export const DISABLE_BRACKETED_PASTE = '\x1b[?2004l';

const START = '\x1b[200~';
const END = '\x1b[201~';

export const restoreNewlines = (line: string) => line.split(PASTED_NEWLINE).join('\n');
export const markNewlines = (text: string) => text.replace(/\r\n|\r|\n/g, PASTED_NEWLINE);

/** Keys typed ahead while an answer streams are kept up to this many characters. */
const MAX_TYPED_AHEAD = 64 * 1024;

/**
 * A pass-through stream that folds each bracketed paste onto one line. While `muted` (an
 * answer is streaming) the keys typed are not echoed into the answer but kept, as a shell keeps
 * what is typed while a command runs: `release()` (at the next prompt) hands them to readline,
 * so `/exit` typed during an answer acts when it ends. Ctrl-C passes at once and, as a
 * terminal's interrupt does, drops what was typed ahead; so does `forget()`.
 */
export function pasteFilter(): Transform & { muted: boolean; release(): void; forget(): void } {
  let pasting = false;
  let held = ''; // the start of a marker cut off at the end of a read
  let ahead = ''; // keys typed while muted
  const fold = (input: string): string => {
    let text = held + input;
    held = '';
    // Keep back a possible marker prefix ("\x1b[2", "\x1b[20" …) until the next read; a lone
    // ESC is passed on at once, so the Escape key is never delayed.
    const escape = text.lastIndexOf('\x1b');
    if (escape !== -1 && text.length - escape > 1 && text.length - escape < START.length) {
      const tail = text.slice(escape);
      if (START.startsWith(tail) || END.startsWith(tail)) {
        held = tail;
        text = text.slice(0, escape);
      }
    }
    let out = '';
    for (;;) {
      const marker = pasting ? END : START;
      const at = text.indexOf(marker);
      const part = at === -1 ? text : text.slice(0, at);
      out += pasting ? markNewlines(part) : part;
      if (at === -1) break;
      pasting = !pasting;
      text = text.slice(at + marker.length);
    }
    return out;
  };
  const filter = new Transform({
    decodeStrings: false,
    transform(chunk: Buffer | string, _encoding, done) {
      const text = chunk.toString();
      if (!filter.muted) return done(null, fold(text));
      if (text.includes('\x03')) {
        ahead = '';
        return done(null, '\x03');
      }
      if (ahead.length + text.length <= MAX_TYPED_AHEAD) ahead += text;
      done(null, '');
    },
  }) as Transform & { muted: boolean; release(): void; forget(): void };
  filter.muted = false;
  filter.release = () => {
    filter.muted = false;
    const typed = ahead;
    ahead = '';
    if (typed) filter.push(fold(typed));
  };
  // Keys that answered a question asked during the answer (an MCP call's y/n) are not typing.
  filter.forget = () => {
    ahead = '';
  };
  return filter;
}
