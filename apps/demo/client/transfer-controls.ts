/**
 * The page's export and import: each conversation's menu (Markdown, JSON), and Settings' Export
 * (all, JSON) and Import. What the files hold and how an import is checked is transfer.ts's.
 */
import { VERSION, type Conversation } from './store.js';
import { toast } from './toast.js';
import { asJson, asMarkdown, download, fileName, readExport } from './transfer.js';

export interface TransferPage {
  conversations(): Conversation[];
  find(id: string | undefined): Conversation | undefined;
  /** Keeps imported conversations (saved, and in the list). */
  add(conversations: Conversation[]): void;
  open(conversation: Conversation | undefined): void;
  announce(text: string): void;
  showError(message: string | undefined): void;
}

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

/** Wires Settings' Export and Import; returns what a conversation's menu calls to export it. */
export function transferControls(page: TransferPage): (id: string, kind: 'md' | 'json') => void {
  $('export-all').addEventListener('click', () => {
    const all = page.conversations();
    if (!all.length) return page.showError('There are no conversations to export yet.');
    const day = new Date().toISOString().slice(0, 10);
    download(`comput3-chats-${day}.json`, asJson(all, VERSION), 'application/json');
    page.announce(`Exported ${all.length} conversations.`);
  });
  $('import').addEventListener('click', () => $<HTMLInputElement>('import-file').click());
  $<HTMLInputElement>('import-file').addEventListener('change', async (e) => {
    const input = e.target as HTMLInputElement;
    const file = input.files?.[0];
    input.value = ''; // the same file can be chosen again
    if (!file) return;
    try {
      const incoming = await readExport(file);
      const fresh = incoming.filter((c) => !page.find(c.id));
      page.add(fresh);
      const already = incoming.length - fresh.length;
      const said = `Imported ${fresh.length} conversation${fresh.length === 1 ? '' : 's'}${already ? ` (${already} already here)` : ''}.`;
      page.showError(undefined);
      page.announce(said);
      toast(said, {
        label: 'Open',
        run: () => page.open(fresh[0] ?? page.find(incoming[0]?.id)),
      });
    } catch (error) {
      page.showError((error as Error).message);
    }
  });
  return (id, kind) => {
    const c = page.find(id);
    if (!c) return;
    if (kind === 'md') download(fileName(c.title, 'md'), asMarkdown(c), 'text/markdown');
    else download(fileName(c.title, 'json'), asJson([c], VERSION), 'application/json');
    page.announce(`Exported “${c.title}” as ${kind === 'md' ? 'Markdown' : 'JSON'}.`);
  };
}
