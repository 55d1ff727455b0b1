import { branchAt, showBranch } from './branches.js';
import { ChatError, streamChat } from './chat-api.js';
import { showCode } from './code-dialog.js';
import type { Target } from './code-view.js';
import { followScroll } from './follow.js';
import { drawIcons } from './icons.js';
import { closeDrawer, comparing, offerThirdModel } from './layout.js';
import {
  lastUsed,
  onControlsChange,
  readControls,
  request,
  showControls,
} from './chat-settings.js';
import { warmUp } from './markdown.js';
import { drawSidebar } from './sidebar.js';
import {
  history as contextOf,
  KEY,
  load,
  migrate,
  newId,
  save,
  titleFrom,
  type Conversation,
  type Fork,
  type Reply,
  type Saved,
  type SentRequest,
  type Turn,
} from './store.js';
import { toast, UNDO_KEY } from './toast.js';
import { transferControls } from './transfer-controls.js';
import {
  compareGrid,
  replyCard,
  branchesOf,
  savedReply,
  turnNodes,
  userMessage,
  type TurnActions,
} from './view.js';
import './theme.js';

type ChatTurn = Turn & { kind: 'chat' };

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const log = $('log');
const prompt = $<HTMLTextAreaElement>('prompt');
const model = $<HTMLSelectElement>('model');
const banner = $('error');
const follow = followScroll($('scroller'), $<HTMLButtonElement>('jump'));
drawIcons();

const config = (await (await fetch('/api/config')).json()) as {
  mode: string;
  models: string[];
  /** Live only: offline the snippets call this server's relay. */
  baseURL?: string;
  maxBodyBytes: number;
};
const target: Target = config.baseURL
  ? { offline: false, baseURL: config.baseURL }
  : { offline: true, relay: new URL('/api', location.href).href };
const loaded = load();
let saved: Saved = loaded.saved;
let current: Conversation | undefined;
let busy: AbortController | undefined;
/** The message being edited: sending the box starts a new branch from it. */
let editing: ChatTurn | undefined;

/** What a turn shows while its answer is on the way: what a reload mid-answer finds saved. */
const INTERRUPTED = 'The page was closed before the answer came.';

function showError(message: string | undefined): void {
  $('error-text').textContent = message ?? '';
  banner.hidden = !message;
}
$('error-close').addEventListener('click', () => showError(undefined));
const announce = (text: string) => ($('status').textContent = text);

function persist(): void {
  if (current && !saved.conversations.includes(current)) saved.conversations.push(current);
  if (current) current.updated = Date.now();
  store();
}
function store(): void {
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

// --- where we are: each conversation has a URL (#/c/<id>) ----------------------------------

const idInURL = () => /^#\/c\/([\w-]+)$/.exec(location.hash)?.[1];
/** Puts the conversation in the address bar, so reload, Back and bookmarks return to it. */
function showInURL(id: string | undefined, replace = false): void {
  if (id === idInURL()) return;
  const url = id ? `#/c/${id}` : `${location.pathname}${location.search}`;
  window.history[replace ? 'replaceState' : 'pushState'](null, '', url);
}
const find = (id: string | undefined) =>
  id === undefined ? undefined : saved.conversations.find((c) => c.id === id);

// --- drawing ---------------------------------------------------------------------------------

const lastChat = (): ChatTurn | undefined => {
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

const turnActions: TurnActions = {
  retry: (turn) => retry(turn),
  edit: (turn) => edit(turn),
  regenerate: () => regenerate(),
  viewCode: (r) => showCode(r.request, target),
  showVersion,
  showBranch: (turn, index) => showBranchOf(turn, index),
};

function drawTurn(turn: Turn, index: number, turns: Turn[]): HTMLElement[] {
  const nodes = turnNodes(turn, index === turns.length - 1, turnActions);
  shown.set(turn, nodes);
  return nodes;
}

/** Everything but the messages: the title and the conversation list. */
function drawChrome(): void {
  $('title').textContent = current?.title ?? 'New chat';
  document.title = current ? `${current.title} · Comput3 chat` : 'Comput3 chat';
  drawSidebar(saved.conversations, current?.id, {
    open: (id) => open(find(id)),
    rename: (id, title) => {
      find(id)!.title = title;
      store();
      drawChrome();
    },
    remove,
    exportAs,
  });
}

// --- export and import (transfer-controls.ts) ---------------------------------------------

const exportAs = transferControls({
  conversations: () => saved.conversations,
  find,
  add(conversations) {
    saved.conversations.push(...conversations);
    store();
    drawChrome();
  },
  open: (c) => open(c),
  announce,
  showError,
});

/** Deletes a conversation at once, and offers it back for a while (Undo, or its shortcut). */
function remove(id: string): void {
  const at = saved.conversations.findIndex((c) => c.id === id);
  if (at === -1) return;
  // Where it was in the list as shown: focus goes to the row that takes its place.
  const rowsShown = [...document.querySelectorAll<HTMLElement>('[data-testid="conversation"]')];
  const shownAt = rowsShown.findIndex((b) => b.dataset.id === id);
  const [gone] = saved.conversations.splice(at, 1) as [Conversation];
  store();
  const wasOpen = current?.id === id;
  if (wasOpen) open(undefined);
  else drawChrome();
  const rowsLeft = [...document.querySelectorAll<HTMLElement>('[data-testid="conversation"]')];
  const next = rowsLeft[Math.min(Math.max(shownAt, 0), rowsLeft.length - 1)];
  if (next) {
    for (const b of rowsLeft) b.tabIndex = -1;
    next.tabIndex = 0;
    next.focus();
  } else $('new-chat').focus();
  toast(`Deleted “${gone.title}”.`, {
    label: 'Undo',
    shortcut: true,
    run: () => {
      if (!find(id)) saved.conversations.splice(Math.min(at, saved.conversations.length), 0, gone);
      store();
      if (wasOpen) open(gone);
      else drawChrome();
      announce(`“${gone.title}” is back.`);
    },
  });
  announce(`Deleted “${gone.title}”. ${UNDO_KEY} brings it back, for 10 seconds.`);
}

/** The whole conversation, from what is saved (opening one, or after a change to its turns). */
function draw(toBottom = true): void {
  const turns = current?.turns ?? [];
  shown.clear();
  log.replaceChildren(...turns.flatMap(drawTurn));
  $('empty').hidden = turns.length > 0;
  drawChrome();
  updateSize();
  if (toBottom) follow.toBottom();
}

/** The panel shows the open chat's settings; a new chat's are the last used. */
function showSettingsOf(conversation: Conversation | undefined): void {
  const settings = conversation?.settings ?? lastUsed();
  if (settings) showControls(settings);
  offerThirdModel();
  updateSize();
}

function open(conversation: Conversation | undefined, push = true): void {
  busy?.abort();
  current = conversation;
  showSettingsOf(conversation);
  if (push) showInURL(conversation?.id);
  cancelEdit();
  showError(undefined);
  closeDrawer();
  draw();
  prompt.focus();
}

// --- the size limit: said before sending, not after a 413 ------------------------------------

const encoder = new TextEncoder();
const kB = (bytes: number) => (bytes / 1024).toFixed(bytes < 10_240 ? 1 : 0);
/** The turns before `turn` (all of them when it is not given). */
function turnsBefore(turn: Turn | undefined): Turn[] {
  const turns = current?.turns ?? [];
  const at = turn ? turns.indexOf(turn) : -1;
  return at === -1 ? turns : turns.slice(0, at);
}
/** The request the box's text would make, as the demo server receives it. */
function pending(text: string): SentRequest {
  if (comparing() && !editing) return request(model.value, [{ role: 'user', content: text }]);
  return request(model.value, [
    ...contextOf(turnsBefore(editing)),
    { role: 'user', content: text },
  ]);
}
const sizeOf = (r: SentRequest) =>
  encoder.encode(JSON.stringify({ ...r, stream: true, stream_options: { include_usage: true } }))
    .length;

let sizeFrame = 0;
/** The counter by Send: shown from half the limit on, red past it. */
function updateSize(): void {
  sizeFrame ||= requestAnimationFrame(() => {
    sizeFrame = 0;
    const size = sizeOf(pending(prompt.value));
    const counter = $('size');
    counter.hidden = size < config.maxBodyBytes / 2;
    counter.textContent = `${kB(size)} / ${kB(config.maxBodyBytes)} kB`;
    counter.title = 'The conversation so far and this message, against the demo’s limit';
    counter.classList.toggle('over', size > config.maxBodyBytes);
  });
}

// --- sending ---------------------------------------------------------------------------------

function startConversation(text: string): Conversation {
  current ??= {
    id: newId(),
    title: titleFrom(text),
    created: Date.now(),
    updated: Date.now(),
    settings: readControls(),
    turns: [],
  };
  return current;
}

/**
 * Sends a message and streams its answer in. With `again` (Regenerate) the turn keeps its
 * earlier answers as versions and gets one more. With `fork` (an edited message) the new turn
 * is where branches part (branches.ts).
 */
async function sendChat(text: string, again?: ChatTurn, fork?: Fork): Promise<void> {
  const conversation = startConversation(text);
  const turn: ChatTurn = again ?? {
    kind: 'chat',
    user: text,
    failed: INTERRUPTED,
    ...(fork ? { fork } : {}),
  };
  const versions = branchesOf(turn, showBranchOf);
  const before = conversation.turns.filter((t) => t !== turn);
  const sent = request(model.value, [...contextOf(before), { role: 'user', content: text }]);
  // Offline, another answer is asked for by another seed: the mock words it anew, as a model
  // samples anew. Live, the model samples anew by itself (and a seed might not be accepted).
  if (again && target.offline) sent.seed = again.versions?.length ?? 1;
  $('empty').hidden = true;
  let userEl: HTMLElement;
  const previous = again ? shown.get(again)?.[1] : undefined;
  if (again) {
    userEl = shown.get(again)![0]!;
    previous?.remove();
  } else {
    dropLastActions();
    conversation.turns.push(turn);
    userEl = userMessage(text, { onEdit: () => edit(turn), ...(versions ? { versions } : {}) });
    log.append(userEl);
  }
  const card = replyCard(sent.model, follow.update);
  userEl.after(card.element);
  follow.toBottom();
  // Saved (and in the list, and in the address bar) as soon as it is sent.
  persist();
  showInURL(conversation.id, !again && conversation.turns.length === 1 && !idInURL());
  drawChrome();
  const controller = new AbortController();
  setBusy(controller);
  try {
    const reply = await streamChat(sent, controller.signal, (d) => card.append(d));
    delete turn.failed;
    if (again && turn.reply) {
      turn.versions ??= [turn.reply];
      turn.versions.push(reply);
      turn.version = turn.versions.length - 1;
    }
    turn.reply = reply;
    // Finished in place: only the last block is drawn again, never the whole conversation.
    card.complete(reply, {
      onRegenerate: regenerate,
      onViewCode: () => showCode(sent, target),
      ...(turn.versions
        ? {
            versions: {
              index: turn.version!,
              count: turn.versions.length,
              show: (i: number) => showVersion(turn, i),
            },
          }
        : {}),
    });
    if (reply.error) showError(reply.error);
    announce(`${sent.model} finished answering.`);
    shown.set(turn, [userEl, card.element]);
  } catch (error) {
    const why = error instanceof ChatError ? error.message : 'Stopped before the answer began.';
    if (error instanceof ChatError) showError(error.message);
    card.remove();
    if (again) {
      // Nothing new came: the answer there was stays.
      if (previous) userEl.after(previous);
    } else {
      turn.failed = why;
      const failedEl = userMessage(text, {
        failed: turn.failed,
        onRetry: () => retry(turn),
        ...(versions ? { versions } : {}),
      });
      userEl.replaceWith(failedEl);
      shown.set(turn, [failedEl]);
      // The text goes back in the box, ready to send again or edit.
      if (!prompt.value.trim()) prompt.value = text;
    }
  } finally {
    setBusy(undefined);
    persist();
    drawChrome();
    updateSize();
    follow.update();
  }
}

/** Shows another of a turn's answers; it is also what the model is sent from then on. */
function showVersion(turn: ChatTurn, index: number): void {
  if (busy || !turn.versions?.[index]) return;
  turn.version = index;
  turn.reply = turn.versions[index];
  persist();
  const [userEl, card] = shown.get(turn) ?? [];
  if (!userEl || !card) return draw();
  const next = savedReply(turn.reply, false, turnActions, turn === lastChat(), turn);
  card.replaceWith(next);
  shown.set(turn, [userEl, next]);
  next
    .querySelector<HTMLButtonElement>(`[data-testid="version-${index > 0 ? 'prev' : 'next'}"]`)
    ?.focus();
  announce(`Answer ${index + 1} of ${turn.versions.length}.`);
}

/** Regenerate belongs to the last answer only: a new turn takes it from the one before. */
function dropLastActions(): void {
  for (const b of log.querySelectorAll('[data-testid="regenerate"]')) b.remove();
}

/** Shows another branch from an edited message: that version and everything that followed it. */
function showBranchOf(turn: ChatTurn, index: number): void {
  if (busy || !current) return;
  const at = current.turns.indexOf(turn);
  if (at === -1) return;
  cancelEdit();
  current.turns = showBranch(current.turns, at, index);
  persist();
  draw(false);
  const first = current.turns[at]!;
  const [userEl] = shown.get(first) ?? [];
  userEl
    ?.querySelector<HTMLButtonElement>(`[data-testid="branch-${index > 0 ? 'prev' : 'next'}"]`)
    ?.focus();
  userEl?.scrollIntoView({ block: 'nearest' });
  const count = first.kind === 'chat' && first.fork ? first.fork.others.length + 1 : 1;
  announce(`Version ${index + 1} of ${count} of this message.`);
}

/** The models Compare would ask, or why it cannot. */
function compareModels(): string[] | string {
  const models = [
    model.value,
    $<HTMLSelectElement>('model-2').value,
    $<HTMLSelectElement>('model-3').value,
  ].filter(Boolean);
  const twice = models.find((m, i) => models.indexOf(m) !== i);
  return twice
    ? `Compare needs different models: ${twice} is chosen twice. Pick another in Settings.`
    : models;
}

async function sendCompare(text: string, models: string[]): Promise<void> {
  const conversation = startConversation(text);
  $('empty').hidden = true;
  const cards = models.map((m) => replyCard(m, follow.update, true));
  dropLastActions();
  const userEl = userMessage(text);
  const grid = compareGrid(cards.map((c) => c.element));
  log.append(userEl, grid);
  follow.toBottom();
  persist();
  showInURL(conversation.id);
  drawChrome();
  const controller = new AbortController();
  setBusy(controller);
  // In parallel, each with its own figures.
  const replies = await Promise.all(
    models.map((m, i) => {
      const sent = request(m, [{ role: 'user', content: text }]);
      return streamChat(sent, controller.signal, (d) => cards[i]!.append(d))
        .catch((error): Reply => ({
          content: '',
          state: 'error',
          request: sent,
          error: error instanceof ChatError ? error.message : 'Stopped before the answer began.',
        }))
        .then((reply) => {
          cards[i]!.complete(reply, { onViewCode: () => showCode(sent, target) });
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
  updateSize();
  follow.update();
}

function send(): void {
  const text = prompt.value.trim();
  if (!text || busy) return;
  const size = sizeOf(pending(text));
  if (size > config.maxBodyBytes) {
    showError(
      `This message would make the request ${kB(size)} kB, over this demo’s limit of ${kB(config.maxBodyBytes)} kB: shorten it, or start a New chat and send it there.`,
    );
    return;
  }
  // An edit is sent in its conversation, as a chat message, even while Compare is on.
  const models = comparing() && !editing ? compareModels() : undefined;
  if (typeof models === 'string') return showError(models);
  prompt.value = '';
  grow();
  showError(undefined);
  let fork: Fork | undefined;
  if (editing && current) {
    // What followed the old wording is kept: a version of this message (‹ 1/2 ›).
    const at = current.turns.indexOf(editing);
    if (at !== -1) {
      const parted = branchAt(current.turns, at);
      current.turns = parted.before;
      fork = parted.fork;
      draw();
    }
    cancelEdit();
  }
  void (models ? sendCompare(text, models) : sendChat(text, undefined, fork));
}

function retry(turn: ChatTurn): void {
  if (busy || !current) return;
  removeTurn(turn);
  if (prompt.value.trim() === turn.user) prompt.value = '';
  void sendChat(turn.user, undefined, turn.fork);
}

function regenerate(): void {
  const turn = lastChat();
  if (busy || !current || !turn?.reply) return;
  showError(undefined);
  void sendChat(turn.user, turn);
}

/** Puts a sent message in the box; sending it parts the conversation there (branches.ts). */
function edit(turn: ChatTurn): void {
  if (busy) return;
  editing = turn;
  $('editing-what').textContent =
    turn === lastChat()
      ? 'Editing your last message'
      : 'Editing an earlier message: sending makes a new version of it; this one stays, with what followed it';
  $('editing').hidden = false;
  prompt.value = turn.user;
  grow();
  prompt.focus();
}
function cancelEdit(): void {
  if (editing) prompt.value = '';
  editing = undefined;
  $('editing').hidden = true;
}

// --- controls --------------------------------------------------------------------------------

const grow = () => {
  prompt.style.height = 'auto';
  prompt.style.height = `${Math.min(prompt.scrollHeight, 220)}px`;
  updateSize();
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
    prompt.value = s.textContent?.trim() ?? '';
    send();
  });
}
for (const id of ['model-2', 'model-3', 'compare-toggle'])
  $(id).addEventListener(id === 'compare-toggle' ? 'click' : 'input', updateSize);
// A change in the panel is the open chat's (and the last used, for the next new chat). Kept
// without touching `updated`: changing a setting is not activity, and leaves the list's order.
onControlsChange((settings) => {
  if (current) {
    current.settings = settings;
    if (saved.conversations.includes(current)) store();
  }
  updateSize();
});

// Back and Forward move between conversations; a link to one opens it.
window.addEventListener('popstate', () => {
  const id = idInURL();
  if (id !== current?.id) open(find(id), false);
});
// Another tab saved: take its list (and this conversation's turns, when it changed them).
window.addEventListener('storage', (e) => {
  if (e.key !== KEY || e.newValue === null || busy) return;
  try {
    saved = migrate(JSON.parse(e.newValue)) as Saved;
  } catch {
    return; // a newer page's format: this tab keeps what it has
  }
  const mine = find(current?.id);
  const settingsMoved =
    mine && current && JSON.stringify(mine.settings) !== JSON.stringify(current.settings);
  if (mine && current && mine.updated !== current.updated) {
    current = mine;
    draw();
  } else {
    if (mine) current = mine;
    drawChrome();
  }
  if (settingsMoved) showSettingsOf(current);
});

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
const asked = idInURL();
current = find(asked);
showSettingsOf(current);
if (asked && !current) {
  showInURL(undefined, true);
  showError('That conversation is not saved in this browser: it may have been deleted.');
}
draw();
warmUp();
document.body.dataset.busy = 'false';
document.body.dataset.ready = 'true';
