import { renderMarkdown } from './markdown.js';

type Message = { role: 'user' | 'assistant'; content: string };

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const log = $<HTMLElement>('log');
const prompt = $<HTMLTextAreaElement>('prompt');
const sendButton = $<HTMLButtonElement>('send');
const stopButton = $<HTMLButtonElement>('stop');
const banner = $<HTMLElement>('error');
const model = $<HTMLSelectElement>('model');

let history: Message[] = [];
let inFlight: AbortController | undefined;

function showError(message: string | undefined): void {
  banner.textContent = message ?? '';
  banner.hidden = !message;
}

function addMessage(role: Message['role'], content: string): HTMLElement {
  const el = document.createElement('div');
  el.className = `msg ${role}`;
  el.dataset.testid = role;
  if (role === 'user') el.textContent = content;
  else el.innerHTML = renderMarkdown(content);
  log.append(el);
  el.scrollIntoView({ block: 'end' });
  return el;
}

/** Reads the server's events: `data: {delta}`, then `event: done` or `event: error`. */
async function* events(
  body: ReadableStream<Uint8Array>,
): AsyncGenerator<{ name: string; data: any }> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return;
    buffer += decoder.decode(value, { stream: true });
    let end: number;
    while ((end = buffer.indexOf('\n\n')) !== -1) {
      const raw = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const name = /^event: (.*)$/m.exec(raw)?.[1] ?? 'message';
      const data = /^data: (.*)$/m.exec(raw)?.[1];
      if (data) yield { name, data: JSON.parse(data) };
    }
  }
}

function settings() {
  const temperature = $<HTMLInputElement>('temperature').value;
  const maxTokens = $<HTMLInputElement>('max-tokens').value;
  const system = $<HTMLTextAreaElement>('system').value.trim();
  return {
    system,
    ...(temperature !== '' ? { temperature: Number(temperature) } : {}),
    ...(maxTokens !== '' ? { max_tokens: Number(maxTokens) } : {}),
  };
}

/**
 * Marks a turn that got no answer as failed: it stays on screen with a Retry button, its text
 * goes back in the box, and it is not part of the conversation (nothing of it is sent again).
 */
function markFailed(userEl: HTMLElement, content: string): void {
  userEl.dataset.state = 'failed';
  userEl.classList.add('failed');
  const retry = document.createElement('button');
  retry.type = 'button';
  retry.className = 'retry';
  retry.dataset.testid = 'retry';
  retry.textContent = 'Retry';
  retry.addEventListener('click', () => {
    if (inFlight) return;
    userEl.remove();
    if (prompt.value.trim() === content) prompt.value = '';
    void send(content);
  });
  userEl.append(retry);
  if (!prompt.value.trim()) prompt.value = content;
}

async function send(retrying?: string): Promise<void> {
  const content = retrying ?? prompt.value.trim();
  if (!content || inFlight) return;
  if (retrying === undefined) prompt.value = '';
  showError(undefined);
  // The turn joins the conversation only once it has an answer (or a stopped partial one).
  const turn: Message = { role: 'user', content };
  const userEl = addMessage('user', content);
  const out = addMessage('assistant', '');
  let text = '';
  inFlight = new AbortController();
  sendButton.disabled = true;
  stopButton.disabled = false;
  const { system, ...numbers } = settings();
  try {
    const res = await fetch('/api/chat', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      signal: inFlight.signal,
      body: JSON.stringify({
        model: model.value,
        messages: [...(system ? [{ role: 'system', content: system }] : []), ...history, turn],
        ...numbers,
      }),
    });
    if (!res.ok || !res.body) {
      const body = await res
        .json()
        .catch(() => ({ error: `The demo server answered ${res.status}.` }));
      throw new Error(body.error);
    }
    for await (const { name, data } of events(res.body)) {
      if (name === 'error') throw new Error(data.error);
      if (name === 'done') out.dataset.finish = data.finish_reason;
      if (data.delta) {
        text += data.delta;
        out.innerHTML = renderMarkdown(text);
      }
    }
    out.dataset.state = 'done';
  } catch (error) {
    if ((error as Error).name === 'AbortError') {
      out.classList.add('stopped');
      out.dataset.state = 'stopped';
    } else {
      out.dataset.state = 'error';
      showError(
        error instanceof TypeError
          ? 'Cannot reach the demo server: is it still running?'
          : (error as Error).message,
      );
    }
  } finally {
    if (text) history.push(turn, { role: 'assistant', content: text });
    else {
      out.remove();
      markFailed(userEl, content);
    }
    inFlight = undefined;
    sendButton.disabled = false;
    stopButton.disabled = true;
    prompt.focus();
  }
}

$<HTMLFormElement>('form').addEventListener('submit', (e) => {
  e.preventDefault();
  void send();
});
prompt.addEventListener('keydown', (e) => {
  if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
    e.preventDefault();
    void send();
  }
});
stopButton.addEventListener('click', () => inFlight?.abort());
$<HTMLButtonElement>('reset').addEventListener('click', () => {
  inFlight?.abort();
  history = [];
  log.replaceChildren();
  showError(undefined);
});

const config = (await (await fetch('/api/config')).json()) as { mode: string; models: string[] };
$<HTMLElement>('mode').textContent = config.mode;
for (const id of config.models) model.append(new Option(id, id));
document.body.dataset.ready = 'true';
