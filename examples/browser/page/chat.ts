import { APIError, Comput3 } from '@comput3/core';

// The SDK in the page, pointed at this site's relay. It holds no key: 'unused' is a placeholder
// the relay ignores, which is why dangerouslyAllowBrowser is safe here.
const client = new Comput3({ baseURL: '/api', apiKey: 'unused', dangerouslyAllowBrowser: true });

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const form = $<HTMLFormElement>('ask');
const prompt = $<HTMLInputElement>('prompt');
const answer = $<HTMLOutputElement>('answer');
const status = $<HTMLParagraphElement>('status');
const stop = $<HTMLButtonElement>('stop');
const send = $<HTMLButtonElement>('send');

let controller: AbortController | undefined;
stop.addEventListener('click', () => controller?.abort());

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  controller = new AbortController();
  answer.textContent = '';
  status.textContent = 'Waiting for the first token…';
  status.className = '';
  send.disabled = true;
  stop.disabled = false;
  try {
    const stream = await client.chat.completions.create(
      { model: 'kimi-k2', messages: [{ role: 'user', content: prompt.value }], stream: true },
      { signal: controller.signal },
    );
    for await (const text of stream.text()) answer.textContent += text;
    const m = stream.metrics;
    status.textContent = controller.signal.aborted
      ? 'Stopped.'
      : `${m?.timeToFirstTokenMs} ms to first token, ${m?.tokensPerSecond} tokens/s`;
  } catch (error) {
    status.className = 'error';
    status.textContent =
      error instanceof APIError
        ? `The server said ${error.status}: ${error.message}`
        : String(error);
  } finally {
    send.disabled = false;
    stop.disabled = true;
  }
});
