/**
 * What every part of the page shares: its elements, the server's config, the saved
 * conversations and the one open, whether an answer is on the way, and the small acts on
 * them (saving, the error banner, the address bar). main.ts wires the page together; the
 * sending of a chat (send-chat.ts) and of a Compare (send-compare.ts) live apart from it.
 */
import type { Target } from './code-view.js';
import { followScroll } from './follow.js';
import { load, save, type Conversation, type Saved, type Turn } from './store.js';
import type { TurnActions } from './view.js';

export type ChatTurn = Turn & { kind: 'chat' };

export const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
export const log = $('log');
export const prompt = $<HTMLTextAreaElement>('prompt');
export const model = $<HTMLSelectElement>('model');
const banner = $('error');
export const follow = followScroll($('scroller'), $<HTMLButtonElement>('jump'));
export const config = (await (await fetch('/api/config')).json()) as {
  mode: string;
  models: string[];
  /** Live only: offline the snippets call this server's relay. */
  baseURL?: string;
  maxBodyBytes: number;
};
export const target: Target = config.baseURL
  ? { offline: false, baseURL: config.baseURL }
  : { offline: true, relay: new URL('/api', location.href).href };
export const loaded = load();
// The page's state. Other modules read these bindings (live) and change them with the setters.
export let saved: Saved = loaded.saved;
export let current: Conversation | undefined;
export let busy: AbortController | undefined;
/** The message being edited: sending the box starts a new branch from it. */
export let editing: ChatTurn | undefined;
export const setSaved = (s: Saved) => (saved = s);
export function setCurrent<C extends Conversation | undefined>(c: C): C {
  current = c;
  return c;
}
export const setEditing = (t: ChatTurn | undefined) => (editing = t);

/** What a turn shows while its answer is on the way: what a reload mid-answer finds saved. */
export const INTERRUPTED = 'The page was closed before the answer came.';

export function showError(message: string | undefined): void {
  $('error-text').textContent = message ?? '';
  banner.hidden = !message;
}
$('error-close').addEventListener('click', () => showError(undefined));
export const announce = (text: string) => ($('status').textContent = text);

export function persist(): void {
  if (current && !saved.conversations.includes(current)) saved.conversations.push(current);
  if (current) current.updated = Date.now();
  store();
}
export function store(): void {
  try {
    save(saved);
  } catch {
    showError(
      'This browser would not save the conversation (storage full or blocked): it stays until you leave the page.',
    );
  }
}

export function setBusy(controller: AbortController | undefined): void {
  busy = controller;
  $('send').hidden = Boolean(controller);
  $('stop').hidden = !controller;
  document.body.dataset.busy = String(Boolean(controller));
}

// --- where we are: each conversation has a URL (#/c/<id>) ----------------------------------

export const idInURL = () => /^#\/c\/([\w-]+)$/.exec(location.hash)?.[1];
/** Puts the conversation in the address bar, so reload, Back and bookmarks return to it. */
export function showInURL(id: string | undefined, replace = false): void {
  if (id === idInURL()) return;
  const url = id ? `#/c/${id}` : `${location.pathname}${location.search}`;
  window.history[replace ? 'replaceState' : 'pushState'](null, '', url);
}
export const find = (id: string | undefined) =>
  id === undefined ? undefined : saved.conversations.find((c) => c.id === id);

// --- drawn turns ----------------------------------------------------------------------------

export const lastChat = (): ChatTurn | undefined => {
  const turns = current?.turns ?? [];
  const t = turns[turns.length - 1];
  return t?.kind === 'chat' ? t : undefined;
};

/** What is on screen for each turn, so one can be taken away without drawing the rest again. */
export const shown = new Map<Turn, HTMLElement[]>();

export function removeTurn(turn: Turn): void {
  for (const node of shown.get(turn) ?? []) node.remove();
  shown.delete(turn);
  if (current) current.turns = current.turns.filter((t) => t !== turn);
}

/** What main.ts draws with, for the senders: set once main.ts has defined them. */
export const ui = {} as {
  draw(toBottom?: boolean): void;
  drawChrome(): void;
  edit(turn: ChatTurn): void;
  cancelEdit(): void;
  actions: TurnActions;
};
