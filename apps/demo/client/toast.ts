import { el } from './view.js';

/** How long an Undo is offered: long enough to notice a slip, as Gmail and Slack give. */
const UNDO_MS = 10_000;

const region = document.getElementById('toasts')!;
const MAC = /Mac|iPhone|iPad/.test(navigator.platform);
/** Undo's shortcut, as the toast names it. */
export const UNDO_KEY = MAC ? '⌘Z' : 'Ctrl+Z';
let current:
  { node: HTMLElement; timer: ReturnType<typeof setTimeout>; done: () => void } | undefined;

/**
 * A message at the bottom of the page with one action (Undo), gone after `ms` or when the next
 * one comes. `onExpire` runs when it goes without the action being taken.
 */
export function toast(
  message: string,
  action: {
    label: string;
    run: () => void;
    onExpire?: () => void;
    /** Undo's shortcut (Ctrl+Z, ⌘Z on a Mac) takes the action too, outside a text field. */
    shortcut?: boolean;
  },
  ms = UNDO_MS,
): void {
  current?.done();
  const undo = el('button', {
    class: 'btn toast-action',
    text: action.label,
    attrs: {
      type: 'button',
      'data-testid': 'toast-action',
      ...(action.shortcut ? { 'aria-keyshortcuts': MAC ? 'Meta+Z' : 'Control+Z' } : {}),
    },
  });
  const hint = action.shortcut
    ? el('kbd', { class: 'toast-key', text: UNDO_KEY, attrs: { 'data-testid': 'toast-key' } })
    : undefined;
  const node = el(
    'div',
    { class: 'toast', attrs: { 'data-testid': 'toast' } },
    el('span', { text: message }),
    undo,
    ...(hint ? [hint] : []),
  );
  const finish = (taken: boolean) => {
    clearTimeout(mine.timer);
    document.removeEventListener('keydown', onKey);
    node.remove();
    if (current === mine) current = undefined;
    if (!taken) action.onExpire?.();
  };
  const mine = { node, timer: setTimeout(() => finish(false), ms), done: () => finish(false) };
  const take = () => {
    finish(true);
    action.run();
  };
  undo.addEventListener('click', take);
  // In a text field, Ctrl+Z is the field's own undo: it is left to it.
  const onKey = (e: KeyboardEvent) => {
    const editing = (e.target as HTMLElement).closest?.('input, textarea, [contenteditable]');
    if (editing || e.key.toLowerCase() !== 'z' || e.shiftKey || !(MAC ? e.metaKey : e.ctrlKey))
      return;
    e.preventDefault();
    take();
  };
  if (action.shortcut) document.addEventListener('keydown', onKey);
  current = mine;
  region.replaceChildren(node);
}
