import { CODE, type CodeKind, type Target } from './code-view.js';
import { copyText } from './markdown.js';
import type { SentRequest } from './store.js';

const dialog = document.getElementById('code-dialog') as HTMLDialogElement;
const tabs = document.getElementById('code-tabs')!;
const text = document.getElementById('code-text')!;
const copy = document.getElementById('code-copy') as HTMLButtonElement;
let kind: CodeKind = 'typescript';
let shown: { request: SentRequest; target: Target } | undefined;
const hint = document.getElementById('code-hint')!;

function draw(): void {
  if (!shown) return;
  text.textContent = CODE[kind].make(shown.request, shown.target);
  for (const tab of tabs.querySelectorAll<HTMLButtonElement>('[role="tab"]')) {
    const selected = tab.dataset.kind === kind;
    tab.setAttribute('aria-selected', String(selected));
    tab.tabIndex = selected ? 0 : -1;
  }
}

for (const [k, { label }] of Object.entries(CODE) as [CodeKind, { label: string }][]) {
  const tab = document.createElement('button');
  Object.assign(tab, { type: 'button', textContent: label });
  tab.setAttribute('role', 'tab');
  tab.dataset.kind = k;
  tab.dataset.testid = `code-${k}`;
  tab.addEventListener('click', () => {
    kind = k;
    draw();
  });
  tabs.append(tab);
}
// Arrow keys move between tabs, as in any tab list.
tabs.addEventListener('keydown', (e) => {
  if (e.key !== 'ArrowRight' && e.key !== 'ArrowLeft') return;
  const kinds = Object.keys(CODE) as CodeKind[];
  kind =
    kinds[(kinds.indexOf(kind) + (e.key === 'ArrowRight' ? 1 : kinds.length - 1)) % kinds.length]!;
  draw();
  tabs.querySelector<HTMLButtonElement>(`[data-kind="${kind}"]`)?.focus();
});
copy.addEventListener('click', () => copyText(text.textContent ?? '', copy));
document.getElementById('code-close')!.addEventListener('click', () => dialog.close());

/** Shows the request a reply answered, as TypeScript, a comput3 command line and curl. */
export function showCode(request: SentRequest, target: Target): void {
  shown = { request, target };
  hint.textContent = target.offline
    ? 'Offline: TypeScript and curl call this demo’s server, which answers from its mock (no key needed); the CLI starts a mock of its own.'
    : 'The key is $COMPUT3_API_KEY from your environment: this page never has it.';
  draw();
  dialog.showModal();
}
