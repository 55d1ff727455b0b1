import { branchAt } from './branches.js';
import { lastUsed, onControlsChange, showControls } from './chat-settings.js';
import { showCode } from './code-dialog.js';
import { drawIcons } from './icons.js';
import { closeDrawer, comparing, offerThirdModel } from './layout.js';
import { warmUp } from './markdown.js';
import {
  $,
  announce,
  busy,
  config,
  current,
  editing,
  find,
  idInURL,
  lastChat,
  loaded,
  log,
  model,
  prompt,
  saved,
  setCurrent,
  setEditing,
  setSaved,
  showError,
  showInURL,
  shown,
  store,
  target,
  ui,
  follow,
  type ChatTurn,
} from './page.js';
import { regenerate, retry, sendChat, showBranchOf, showVersion } from './send-chat.js';
import { compareModels, sendCompare } from './send-compare.js';
import { kB, pending, sizeOf, updateSize } from './size-limit.js';
import { drawSidebar } from './sidebar.js';
import { KEY, migrate, type Conversation, type Fork, type Saved, type Turn } from './store.js';
import { toast, UNDO_KEY } from './toast.js';
import { transferControls } from './transfer-controls.js';
import { turnNodes, type TurnActions } from './view.js';
import './theme.js';

drawIcons();

// --- drawing ---------------------------------------------------------------------------------

const turnActions: TurnActions = {
  retry: (turn) => retry(turn),
  edit: (turn) => edit(turn),
  regenerate: () => regenerate(),
  viewCode: (r) => showCode(r.request, target),
  showVersion,
  showBranch: (turn, index) => showBranchOf(turn, index),
};
// The senders draw with these (page.ts): functions are hoisted, so they are ready here.
Object.assign(ui, { draw, drawChrome, edit, cancelEdit, actions: turnActions });

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
  setCurrent(conversation);
  showSettingsOf(conversation);
  if (push) showInURL(conversation?.id);
  cancelEdit();
  showError(undefined);
  closeDrawer();
  draw();
  prompt.focus();
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

/** Puts a sent message in the box; sending it parts the conversation there (branches.ts). */
function edit(turn: ChatTurn): void {
  if (busy) return;
  setEditing(turn);
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
  setEditing(undefined);
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
    setSaved(migrate(JSON.parse(e.newValue)) as Saved);
  } catch {
    return; // a newer page's format: this tab keeps what it has
  }
  const mine = find(current?.id);
  const settingsMoved =
    mine && current && JSON.stringify(mine.settings) !== JSON.stringify(current.settings);
  if (mine && current && mine.updated !== current.updated) {
    setCurrent(mine);
    draw();
  } else {
    if (mine) setCurrent(mine);
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
setCurrent(find(asked));
showSettingsOf(current);
if (asked && !current) {
  showInURL(undefined, true);
  showError('That conversation is not saved in this browser: it may have been deleted.');
}
draw();
warmUp();
document.body.dataset.busy = 'false';
document.body.dataset.ready = 'true';
