/**
 * The conversation list: searched, grouped by date (Today, Yesterday, Previous 7 days, …),
 * one Tab stop for the whole list (arrow keys move in it), and a ⋯ menu on each row with
 * Rename and Delete, visible on touch screens and on the row in use.
 */
import { icon, type IconName } from './icons.js';
import type { Conversation } from './store.js';
import { el } from './view.js';

export interface SidebarActions {
  open(id: string): void;
  rename(id: string, title: string): void;
  remove(id: string): void;
  /** Downloads the conversation as Markdown or as JSON (which Import takes back). */
  exportAs(id: string, kind: 'md' | 'json'): void;
}

const list = document.getElementById('conversations')!;
const search = document.getElementById('search') as HTMLInputElement;
let last: [Conversation[], string | undefined, SidebarActions] | undefined;

search.addEventListener('input', () => last && drawSidebar(...last));
search.addEventListener('keydown', (e) => {
  if (e.key === 'Escape' && search.value) {
    e.stopPropagation();
    search.value = '';
    if (last) drawSidebar(...last);
  }
  if (e.key === 'ArrowDown') {
    e.preventDefault();
    rows()[0]?.focus();
  }
});

const DAY = 86_400_000;
/** The group a conversation last touched at `time` falls in, seen on `now`'s calendar. */
function groupOf(time: number, now = Date.now()): string {
  const midnight = new Date(now).setHours(0, 0, 0, 0);
  if (time >= midnight) return 'Today';
  if (time >= midnight - DAY) return 'Yesterday';
  if (time >= midnight - 7 * DAY) return 'Previous 7 days';
  if (time >= midnight - 30 * DAY) return 'Previous 30 days';
  return 'Older';
}

/** Whether a conversation holds the search words (its title or any message), in any case. */
function matches(c: Conversation, query: string): boolean {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (!words.length) return true;
  const text = [
    c.title,
    ...c.turns.flatMap((t) =>
      t.kind === 'chat'
        ? [t.user, t.reply?.content ?? '']
        : [t.user, ...t.replies.map((r) => r.content)],
    ),
  ]
    .join('\n')
    .toLowerCase();
  return words.every((w) => text.includes(w));
}

const rows = () => [...list.querySelectorAll<HTMLButtonElement>('.conv-open')];

/** The saved conversations, newest first in date groups; each can be opened, renamed, deleted. */
export function drawSidebar(
  conversations: Conversation[],
  current: string | undefined,
  actions: SidebarActions,
): void {
  last = [conversations, current, actions];
  const query = search.value.trim();
  const shown = [...conversations]
    .filter((c) => matches(c, query))
    .sort((a, b) => b.updated - a.updated);
  const groups = new Map<string, Conversation[]>();
  for (const c of shown) {
    const g = groupOf(c.updated);
    groups.set(g, [...(groups.get(g) ?? []), c]);
  }
  list.replaceChildren(
    ...[...groups].map(([name, items]) =>
      el(
        'section',
        { class: 'conv-group', attrs: { 'aria-label': name } },
        el('h2', { class: 'group-title', text: name, attrs: { 'aria-hidden': 'true' } }),
        el('ul', { class: 'conv-list' }, ...items.map((c) => row(c, c.id === current, actions))),
      ),
    ),
  );
  if (!shown.length && query) {
    list.append(el('p', { class: 'conv-none', text: `No conversation matches “${query}”.` }));
  }
  // One Tab stop for the list: the conversation in use, or the first.
  const all = rows();
  const stop = all.find((b) => b.getAttribute('aria-current') === 'page') ?? all[0];
  if (stop) stop.tabIndex = 0;
}

function row(c: Conversation, isCurrent: boolean, actions: SidebarActions): HTMLLIElement {
  const open = el('button', {
    class: 'conv-open',
    text: c.title,
    attrs: {
      type: 'button',
      tabindex: '-1',
      'data-testid': 'conversation',
      'data-id': c.id,
      ...(isCurrent ? { 'aria-current': 'page' } : {}),
    },
  });
  open.addEventListener('click', () => actions.open(c.id));
  const more = el(
    'button',
    {
      class: 'icon-btn conv-more',
      attrs: {
        type: 'button',
        tabindex: '-1',
        'aria-label': `More for “${c.title}”`,
        'aria-haspopup': 'menu',
        'aria-expanded': 'false',
        'data-testid': 'conversation-menu',
        title: 'Rename or delete',
      },
    },
    icon('more'),
  );
  const item = el('li', { class: `conv${isCurrent ? ' current' : ''}` }, open, more);
  const rename = () => startRename(item, c, actions, open, more);
  const remove = () => actions.remove(c.id);
  const exportAs = (kind: 'md' | 'json') => actions.exportAs(c.id, kind);
  more.addEventListener('click', () => showMenu(item, more, { rename, remove, exportAs }));
  item.addEventListener('keydown', (e) => onRowKey(e, open, more, { rename, remove }));
  return item;
}

/** Arrow keys move between rows (and to a row's ⋯); F2 renames, Delete deletes. */
function onRowKey(
  e: KeyboardEvent,
  open: HTMLButtonElement,
  more: HTMLButtonElement,
  act: { rename(): void; remove(): void },
): void {
  if ((e.target as HTMLElement).closest('[role="menu"], input')) return;
  const all = rows();
  const at = all.indexOf(open);
  const go = (i: number) => {
    const next = all[Math.max(0, Math.min(all.length - 1, i))];
    if (!next) return;
    for (const b of all) b.tabIndex = -1;
    next.tabIndex = 0;
    next.focus();
  };
  const keys: Record<string, () => void> = {
    ArrowDown: () => go(at + 1),
    ArrowUp: () => (at === 0 ? search.focus() : go(at - 1)),
    Home: () => go(0),
    End: () => go(all.length - 1),
    ArrowRight: () => more.focus(),
    ArrowLeft: () => open.focus(),
    F2: act.rename,
    Delete: act.remove,
  };
  const run = keys[e.key];
  if (run) {
    e.preventDefault();
    run();
  }
}

function startRename(
  item: HTMLLIElement,
  c: Conversation,
  actions: SidebarActions,
  open: HTMLButtonElement,
  more: HTMLButtonElement,
): void {
  const input = el('input', {
    class: 'conv-rename',
    attrs: { 'aria-label': 'New name', value: c.title },
  });
  let finished = false;
  const done = (keep: boolean) => {
    if (finished) return;
    finished = true;
    if (keep && input.value.trim() && input.value.trim() !== c.title)
      actions.rename(c.id, input.value.trim());
    else {
      item.replaceChildren(open, more);
      open.focus();
    }
  };
  input.addEventListener('keydown', (e) => {
    if (e.key === 'Enter') done(true);
    if (e.key === 'Escape') {
      e.stopPropagation();
      done(false);
    }
  });
  input.addEventListener('blur', () => done(true));
  item.replaceChildren(input);
  input.select();
}

/** The row's menu: Rename and Delete, by pointer or keyboard; Escape or a click away closes. */
function showMenu(
  item: HTMLLIElement,
  more: HTMLButtonElement,
  act: { rename(): void; remove(): void; exportAs(kind: 'md' | 'json'): void },
): void {
  document.querySelector('.conv-menu')?.remove();
  const entry = (label: string, name: IconName, run: () => void, id: string) => {
    const b = el(
      'button',
      {
        class: 'menu-item',
        attrs: { type: 'button', role: 'menuitem', 'data-testid': id, tabindex: '-1' },
      },
      icon(name),
      label,
    );
    b.addEventListener('click', () => {
      close(false);
      run();
    });
    return b;
  };
  const items = [
    entry('Rename', 'pencil', act.rename, 'rename'),
    entry('Export as Markdown', 'download', () => act.exportAs('md'), 'export-md'),
    entry('Export as JSON', 'download', () => act.exportAs('json'), 'export-json'),
    entry('Delete', 'trash', act.remove, 'delete'),
  ];
  const menu = el(
    'div',
    { class: 'conv-menu', attrs: { role: 'menu', 'aria-label': 'Conversation' } },
    ...items,
  );
  const close = (refocus: boolean) => {
    menu.remove();
    more.setAttribute('aria-expanded', 'false');
    document.removeEventListener('pointerdown', away, true);
    if (refocus) more.focus();
  };
  const away = (e: Event) => {
    if (!menu.contains(e.target as Node) && e.target !== more) close(false);
  };
  menu.addEventListener('keydown', (e) => {
    const at = items.indexOf(document.activeElement as HTMLButtonElement);
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      items[(at + (e.key === 'ArrowDown' ? 1 : items.length - 1)) % items.length]!.focus();
    } else if (e.key === 'Escape' || e.key === 'Tab') {
      e.preventDefault();
      e.stopPropagation();
      close(true);
    }
  });
  item.append(menu);
  more.setAttribute('aria-expanded', 'true');
  document.addEventListener('pointerdown', away, true);
  items[0]!.focus();
}
