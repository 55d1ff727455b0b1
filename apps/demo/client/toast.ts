import { el } from './view.js';

/** How long an Undo is offered: long enough to notice a slip, as Gmail and Slack give. */
const UNDO_MS = 10_000;

const region = document.getElementById('toasts')!;
let current:
  { node: HTMLElement; timer: ReturnType<typeof setTimeout>; done: () => void } | undefined;

/**
 * A message at the bottom of the page with one action (Undo), gone after `ms` or when the next
 * one comes. `onExpire` runs when it goes without the action being taken.
 */
export function toast(
  message: string,
  action: { label: string; run: () => void; onExpire?: () => void },
  ms = UNDO_MS,
): void {
  current?.done();
  const undo = el('button', {
    class: 'btn toast-action',
    text: action.label,
    attrs: { type: 'button', 'data-testid': 'toast-action' },
  });
  const node = el(
    'div',
    { class: 'toast', attrs: { 'data-testid': 'toast' } },
    el('span', { text: message }),
    undo,
  );
  const finish = (taken: boolean) => {
    clearTimeout(mine.timer);
    node.remove();
    if (current === mine) current = undefined;
    if (!taken) action.onExpire?.();
  };
  const mine = { node, timer: setTimeout(() => finish(false), ms), done: () => finish(false) };
  undo.addEventListener('click', () => {
    finish(true);
    action.run();
  });
  current = mine;
  region.replaceChildren(node);
}
