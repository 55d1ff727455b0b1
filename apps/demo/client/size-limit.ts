/**
 * The size limit, said before sending rather than after a 413: the counter by Send, and the
 * size of the request the box's text would make, as the demo server receives it.
 */
import { request } from './chat-settings.js';
import { comparing } from './layout.js';
import { $, config, current, editing, model, prompt } from './page.js';
import { history as contextOf, type SentRequest, type Turn } from './store.js';

const encoder = new TextEncoder();
export const kB = (bytes: number) => (bytes / 1024).toFixed(bytes < 10_240 ? 1 : 0);
/** The turns before `turn` (all of them when it is not given). */
function turnsBefore(turn: Turn | undefined): Turn[] {
  const turns = current?.turns ?? [];
  const at = turn ? turns.indexOf(turn) : -1;
  return at === -1 ? turns : turns.slice(0, at);
}
/** The request the box's text would make, as the demo server receives it. */
export function pending(text: string): SentRequest {
  if (comparing() && !editing) return request(model.value, [{ role: 'user', content: text }]);
  return request(model.value, [
    ...contextOf(turnsBefore(editing)),
    { role: 'user', content: text },
  ]);
}
export const sizeOf = (r: SentRequest) =>
  encoder.encode(JSON.stringify({ ...r, stream: true, stream_options: { include_usage: true } }))
    .length;

let sizeFrame = 0;
/** The counter by Send: shown from half the limit on, red past it. */
export function updateSize(): void {
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
