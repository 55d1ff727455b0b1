/**
 * Sending a chat message and streaming its answer in; Regenerate (another answer to the same
 * message, kept as a version) and Retry; showing another version of an answer, or another
 * branch from an edited message (branches.ts).
 */
import { showBranch } from './branches.js';
import { ChatError, streamChat } from './chat-api.js';
import { readControls, request } from './chat-settings.js';
import { showCode } from './code-dialog.js';
import {
  $,
  announce,
  busy,
  current,
  follow,
  idInURL,
  INTERRUPTED,
  lastChat,
  log,
  model,
  persist,
  prompt,
  removeTurn,
  setBusy,
  setCurrent,
  showError,
  showInURL,
  shown,
  target,
  ui,
  type ChatTurn,
} from './page.js';
import { updateSize } from './size-limit.js';
import { history as contextOf, newId, titleFrom, type Conversation, type Fork } from './store.js';
import { branchesOf, replyCard, savedReply, userMessage } from './view.js';

/** The open conversation, or a new one that `text` starts (with the settings shown). */
export function startConversation(text: string): Conversation {
  return (
    current ??
    setCurrent({
      id: newId(),
      title: titleFrom(text),
      created: Date.now(),
      updated: Date.now(),
      settings: readControls(),
      turns: [],
    })
  );
}

/**
 * Sends a message and streams its answer in. With `again` (Regenerate) the turn keeps its
 * earlier answers as versions and gets one more. With `fork` (an edited message) the new turn
 * is where branches part (branches.ts).
 */
export async function sendChat(text: string, again?: ChatTurn, fork?: Fork): Promise<void> {
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
    userEl = userMessage(text, { onEdit: () => ui.edit(turn), ...(versions ? { versions } : {}) });
    log.append(userEl);
  }
  const card = replyCard(sent.model, follow.update);
  userEl.after(card.element);
  follow.toBottom();
  // Saved (and in the list, and in the address bar) as soon as it is sent.
  persist();
  showInURL(conversation.id, !again && conversation.turns.length === 1 && !idInURL());
  ui.drawChrome();
  const controller = new AbortController();
  setBusy(controller);
  try {
    const reply = await streamChat(
      sent,
      controller.signal,
      (d) => card.append(d),
      (t) => card.think(t),
    );
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
    ui.drawChrome();
    updateSize();
    follow.update();
  }
}

/** Shows another of a turn's answers; it is also what the model is sent from then on. */
export function showVersion(turn: ChatTurn, index: number): void {
  if (busy || !turn.versions?.[index]) return;
  turn.version = index;
  turn.reply = turn.versions[index];
  persist();
  const [userEl, card] = shown.get(turn) ?? [];
  if (!userEl || !card) return ui.draw();
  const next = savedReply(turn.reply, false, ui.actions, turn === lastChat(), turn);
  card.replaceWith(next);
  shown.set(turn, [userEl, next]);
  next
    .querySelector<HTMLButtonElement>(`[data-testid="version-${index > 0 ? 'prev' : 'next'}"]`)
    ?.focus();
  announce(`Answer ${index + 1} of ${turn.versions.length}.`);
}

/** Regenerate belongs to the last answer only: a new turn takes it from the one before. */
export function dropLastActions(): void {
  for (const b of log.querySelectorAll('[data-testid="regenerate"]')) b.remove();
}

/** Shows another branch from an edited message: that version and everything that followed it. */
export function showBranchOf(turn: ChatTurn, index: number): void {
  if (busy || !current) return;
  const at = current.turns.indexOf(turn);
  if (at === -1) return;
  ui.cancelEdit();
  current.turns = showBranch(current.turns, at, index);
  persist();
  ui.draw(false);
  const first = current.turns[at]!;
  const [userEl] = shown.get(first) ?? [];
  userEl
    ?.querySelector<HTMLButtonElement>(`[data-testid="branch-${index > 0 ? 'prev' : 'next'}"]`)
    ?.focus();
  userEl?.scrollIntoView({ block: 'nearest' });
  const count = first.kind === 'chat' && first.fork ? first.fork.others.length + 1 : 1;
  announce(`Version ${index + 1} of ${count} of this message.`);
}

export function retry(turn: ChatTurn): void {
  if (busy || !current) return;
  removeTurn(turn);
  if (prompt.value.trim() === turn.user) prompt.value = '';
  void sendChat(turn.user, undefined, turn.fork);
}

export function regenerate(): void {
  const turn = lastChat();
  if (busy || !current || !turn?.reply) return;
  showError(undefined);
  void sendChat(turn.user, turn);
}
