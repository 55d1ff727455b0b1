import { appendFileSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { stateDir } from '../storage/config.js';
import { markNewlines } from './paste.js';

/** The lines typed in chat, kept across sessions for readline's up-arrow. */
export const HISTORY_SIZE = 500;
const historyPath = () => join(stateDir(), 'chat_history');

/** Lines typed in earlier sessions, newest first (as readline wants them). */
export function loadHistory(): string[] {
  try {
    return readFileSync(historyPath(), 'utf8')
      .split('\n')
      .filter(Boolean)
      .slice(-HISTORY_SIZE)
      .reverse();
  } catch {
    return [];
  }
}

export function remember(line: string): void {
  try {
    mkdirSync(stateDir(), { recursive: true, mode: 0o700 });
    // A message of several lines is kept as one, its breaks marked as a paste marks them, so
    // that Up recalls it whole (submitting turns the marks back into line breaks).
    appendFileSync(historyPath(), `${markNewlines(line)}\n`, { mode: 0o600 });
  } catch {
    // History is a convenience: a read-only home must not stop the chat.
  }
}
