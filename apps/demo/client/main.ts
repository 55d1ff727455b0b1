import { ChatError, streamChat } from './chat-api.js';
import { showCode } from './code-dialog.js';
import { followScroll } from './follow.js';
import { closeDrawer, comparing, request } from './layout.js';
import { warmUp } from './markdown.js';
import { drawSidebar } from './sidebar.js';
import {
  history,
  load,
  newId,
  save,
  titleFrom,
  type Conversation,
  type Reply,
  type Turn,
} from './store.js';
import { compareGrid, replyCard, turnNodes, userMessage } from './view.js';
import './theme.js';

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const log = $('log');
const prompt = $<HTMLTextAreaElement>('prompt');
const model = $<HTMLSelectElement>('model');
const banner = $('error');
const follow = followScroll($('scroller'), $<HTMLButtonElement>('jump'));

const config = (await (await fetch('/api/config')).json()) as {
  mode: string;
  models: string[];
  baseURL: string;
};
const loaded = load();
const saved = loaded.saved;
let current: Conversation | undefined;
let busy: AbortController | undefined;
let editing = false;

function showError(message: string | undefined): void {
  banner.textContent = message ?? '';
  banner.hidden = !message;
}
const announce = (text: string) => ($('status').textContent = text);

function persist(): void {
  if (current && !saved.conversations.includes(current)) saved.conversations.push(current);
  if (current) current.updated = Date.now();
  try {
    save(saved);
  } catch {
    showError(
      'This browser would not save the conversation (storage full or blocked): it stays until you leave the page.',
    );
  }
}

function setBusy(controller: AbortController | undefined): void {
  busy = controller;
  $('send').hidden = Boolean(controller);
  $('stop').hidden = !controller;
  document.body.dataset.busy = String(Boolean(controller));
}

// --- drawing ---------------------------------------------------------------------------------

const lastChat = () => {
  const turns = current?.turns ?? [];
  const t = turns[turns.length - 1];
  return t?.kind === 'chat' ? t : undefined;
};

/** What is on screen for each turn, so one can be taken away without drawing the rest again. */
const shown = new Map<Turn, HTMLElement[]>();

function removeTurn(turn: Turn): void {
  for (const node of shown.get(turn) ?? []) node.remove();
  shown.delete(turn);
  if (current) current.turns = current.turns.filter((t) => t !== turn);
}

function drawTurn(turn: Turn, index: number, turns: Turn[]): HTMLElement[] {
  const nodes = turnNodes(turn, index === turns.length - 1, {
    retry,
    editLast,
    regenerate,
    viewCode: (r) => showCode(r.request, config.baseURL),
  });
  shown.set(turn, nodes);
  return nodes;
}

/** Everything but the messages: the title and the conversation list. */
function drawChrome(): void {
  $('title').textContent = current?.title ?? 'New chat';
  document.title = current ? `${current.title} · Comput3 chat` : 'Comput3 chat';
  drawSidebar(saved.conversations, current?.id, {
    open: (id) => open(saved.conversations.find((c) => c.id === id)),
    rename: (id, title) => {
      const c = saved.conversations.find((x) => x.id === id)!;
      c.title = title;
      save(saved);
      drawChrome();
    },
    remove: (id) => {
      saved.conversations = saved.conversations.filter((c) => c.id !== id);
      save(saved);
      if (current?.id === id) open(undefined);
      else drawChrome();
    },
  });
}

/** The whole conversation, from what is saved (opening one, or after a change to its turns). */
function draw(): void {
  const turns = current?.turns ?? [];
  shown.clear();
  log.replaceChildren(...turns.flatMap(drawTurn));
  $('empty').hidden = turns.length > 0;
  drawChrome();
  follow.toBottom();
}

function open(conversation: Conversation | undefined): void {
  busy?.abort();
  current = conversation;
  cancelEdit();
  showError(undefined);
  closeDrawer();
  draw();
  prompt.focus();
}

// --- sending ---------------------------------------------------------------------------------

function startConversation(text: string): Conversation {
  current ??= {
    id: newId(),
    title: titleFrom(text),
    created: Date.now(),
    updated: Date.now(),
    turns: [],
  };
  return current;
}

async function sendChat(text: string): Promise<void> {
  const conversation = startConversation(text);
  const turn: Turn & { kind: 'chat' } = { kind: 'chat', user: text };
  const sent = request(model.value, [
    ...history(conversation.turns),
    { role: 'user', content: text },
  ]);
  $('empty').hidden = true;
  dropLastActions();
  const userEl = userMessage(text, { onEdit: editLast });
  const card = replyCard(sent.model, follow.update);
  log.append(userEl, card.element);
  follow.toBottom();
  const controller = new AbortController();
  setBusy(controller);
  try {
    turn.reply = await streamChat(sent, controller.signal, (d) => card.md.append(d));
    // Finished in place: only the last block is drawn again, never the whole conversation.
    card.complete(turn.reply, {
      onRegenerate: regenerate,
      onViewCode: () => showCode(sent, config.baseURL),
    });
    if (turn.reply.error) showError(turn.reply.error);
    announce(`${sent.model} finished answering.`);
    shown.set(turn, [userEl, card.element]);
  } catch (error) {
    turn.failed = error instanceof ChatError ? error.message : 'Stopped before the answer began.';
    if (error instanceof ChatError) showError(error.message);
    card.remove();
    const failedEl = userMessage(text, { failed: turn.failed, onRetry: () => retry(turn) });
    userEl.replaceWith(failedEl);
    shown.set(turn, [failedEl]);
    // The text goes back in the box, ready to send again or edit.
    if (!prompt.value.trim()) prompt.value = text;
  } finally {
    conversation.turns.push(turn);
    setBusy(undefined);
    persist();
    drawChrome();
    follow.update();
  }
}

/** Regenerate and Edit belong to the last turn only: a new turn takes them from the one before. */
function dropLastActions(): void {
  for (const b of log.querySelectorAll('[data-testid="regenerate"], [data-testid="edit"]'))
    b.remove();
}

async function sendCompare(text: string): Promise<void> {
  const models = [
    ...new Set(
      [
        model.value,
        $<HTMLSelectElement>('model-2').value,
        $<HTMLSelectElement>('model-3').value,
      ].filter(Boolean),
    ),
  ];
  const conversation = startConversation(text);
  $('empty').hidden = true;
  const cards = models.map((m) => replyCard(m, follow.update, true));
  dropLastActions();
  const userEl = userMessage(text);
  const grid = compareGrid(cards.map((c) => c.element));
  log.append(userEl, grid);
  follow.toBottom();
  const controller = new AbortController();
  setBusy(controller);
  // In parallel, each with its own figures; each counts against the rate limit on its own.
  const replies = await Promise.all(
    models.map((m, i) => {
      const sent = request(m, [{ role: 'user', content: text }]);
      return streamChat(sent, controller.signal, (d) => cards[i]!.md.append(d))
        .catch((error): Reply => ({
          content: '',
          state: 'error',
          request: sent,
          error: error instanceof ChatError ? error.message : 'Stopped before the answer began.',
        }))
        .then((reply) => {
          cards[i]!.complete(reply, { onViewCode: () => showCode(sent, config.baseURL) });
          return reply;
        });
    }),
  );
  const turn: Turn = { kind: 'compare', user: text, replies };
  shown.set(turn, [userEl, grid]);
  conversation.turns.push(turn);
  setBusy(undefined);
  announce('The compared replies finished.');
  persist();
  drawChrome();
  follow.update();
}

function send(): void {
  const text = prompt.value.trim();
  if (!text || busy) return;
  prompt.value = '';
  grow();
  showError(undefined);
  if (editing) {
    const turn = lastChat();
    if (turn) removeTurn(turn);
    cancelEdit();
  }
  void (comparing() ? sendCompare(text) : sendChat(text));
}

function retry(turn: Turn & { kind: 'chat' }): void {
  if (busy || !current) return;
  removeTurn(turn);
  if (prompt.value.trim() === turn.user) prompt.value = '';
  void sendChat(turn.user);
}

function regenerate(): void {
  const turn = lastChat();
  if (busy || !current || !turn) return;
  removeTurn(turn);
  void sendChat(turn.user);
}

function editLast(): void {
  const turn = lastChat();
  if (busy || !turn) return;
  editing = true;
  $('editing').hidden = false;
  prompt.value = turn.user;
  grow();
  prompt.focus();
}
function cancelEdit(): void {
  if (editing) prompt.value = '';
  editing = false;
  $('editing').hidden = true;
}

// --- controls --------------------------------------------------------------------------------

const grow = () => {
  prompt.style.height = 'auto';
  prompt.style.height = `${Math.min(prompt.scrollHeight, 220)}px`;
};
prompt.addEventListener('input', grow);
prompt.addEventListener('keydown', (e) => {
  if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
    e.preventDefault();
    send();
  }
});
$('form').addEventListener('submit', (e) => {
  e.preventDefault();
  send();
});
$('stop').addEventListener('click', () => busy?.abort());
document.addEventListener('keydown', (e) => {
  if (e.key === 'Escape' && busy && !$<HTMLDialogElement>('code-dialog').open) {
    e.preventDefault();
    busy.abort();
  }
});
$('cancel-edit').addEventListener('click', cancelEdit);
$('new-chat').addEventListener('click', () => open(undefined));
for (const s of document.querySelectorAll<HTMLButtonElement>('.suggestion')) {
  s.addEventListener('click', () => {
    prompt.value = s.textContent ?? '';
    send();
  });
}

// --- start -----------------------------------------------------------------------------------

$('mode').textContent = config.mode;
$('empty-mode').textContent =
  config.mode === 'offline mock' ? 'the offline mock (no key set)' : 'Comput3';
for (const id of config.models) model.append(new Option(id, id));
for (const [i, id] of config.models.entries()) {
  $<HTMLSelectElement>('model-2').append(new Option(id, id, i === 1, i === 1));
  $<HTMLSelectElement>('model-3').append(new Option(id, id));
}
if (loaded.keptAside) {
  showError(
    `Saved conversations from another version of this page could not be read; they are kept in localStorage as ${loaded.keptAside}.`,
  );
}
draw();
warmUp();
document.body.dataset.busy = 'false';
document.body.dataset.ready = 'true';
