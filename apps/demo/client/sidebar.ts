import type { Conversation } from './store.js';
import { button, el } from './view.js';

export interface SidebarActions {
  open(id: string): void;
  rename(id: string, title: string): void;
  remove(id: string): void;
}

const list = document.getElementById('conversations')!;

/** The saved conversations, newest first; each can be opened, renamed and deleted. */
export function drawSidebar(
  conversations: Conversation[],
  current: string | undefined,
  actions: SidebarActions,
): void {
  list.replaceChildren(
    ...[...conversations]
      .sort((a, b) => b.updated - a.updated)
      .map((c) => {
        const open = el('button', {
          class: 'conv-open',
          text: c.title,
          attrs: {
            type: 'button',
            'data-testid': 'conversation',
            ...(c.id === current ? { 'aria-current': 'page' } : {}),
          },
        });
        open.addEventListener('click', () => actions.open(c.id));
        const item = el('li', { class: 'conv' }, open);
        const rename = button(
          '✎',
          () => {
            const input = el('input', {
              class: 'conv-rename',
              attrs: { 'aria-label': 'New name', value: c.title },
            });
            const done = (keep: boolean) => {
              if (keep && input.value.trim()) actions.rename(c.id, input.value.trim());
              else item.replaceChildren(open, tools);
            };
            input.addEventListener('keydown', (e) => {
              if (e.key === 'Enter') done(true);
              if (e.key === 'Escape') done(false);
            });
            input.addEventListener('blur', () => done(true));
            item.replaceChildren(input);
            input.select();
          },
          { 'aria-label': `Rename “${c.title}”`, 'data-testid': 'rename', title: 'Rename' },
        );
        const remove = button('🗑', () => actions.remove(c.id), {
          'aria-label': `Delete “${c.title}”`,
          'data-testid': 'delete',
          title: 'Delete',
        });
        const tools = el('span', { class: 'conv-tools' }, rename, remove);
        item.append(tools);
        return item;
      }),
  );
}
