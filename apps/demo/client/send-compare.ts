/**
 * Compare: one message to several models side by side, streamed in parallel, each with its
 * own figures. A Compare turn is never sent as context afterwards.
 */
import { ChatError, streamChat } from './chat-api.js';
import { request } from './chat-settings.js';
import { showCode } from './code-dialog.js';
import {
  $,
  announce,
  follow,
  log,
  model,
  persist,
  setBusy,
  showInURL,
  shown,
  target,
  ui,
} from './page.js';
import { dropLastActions, startConversation } from './send-chat.js';
import { updateSize } from './size-limit.js';
import type { Reply, Turn } from './store.js';
import { compareGrid, replyCard, userMessage } from './view.js';

export /** The models Compare would ask, or why it cannot. */
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

export async function sendCompare(text: string, models: string[]): Promise<void> {
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
  ui.drawChrome();
  const controller = new AbortController();
  setBusy(controller);
  // In parallel, each with its own figures.
  const replies = await Promise.all(
    models.map((m, i) => {
      const sent = request(m, [{ role: 'user', content: text }]);
      return streamChat(
        sent,
        controller.signal,
        (d) => cards[i]!.append(d),
        (t) => cards[i]!.think(t),
      )
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
  ui.drawChrome();
  updateSize();
  follow.update();
}
