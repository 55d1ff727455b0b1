'use client';

import { ChatCompletionStream } from '@comput3/core';
import { useRef, useState, type FormEvent } from 'react';

type Message = { role: 'user' | 'assistant'; content: string };

export default function Chat() {
  const [messages, setMessages] = useState<Message[]>([]);
  const [input, setInput] = useState('Name three rivers');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const controller = useRef<AbortController | null>(null);

  async function send(event: FormEvent) {
    event.preventDefault();
    const history: Message[] = [...messages, { role: 'user', content: input }];
    setMessages([...history, { role: 'assistant', content: '' }]);
    setInput('');
    setError('');
    setBusy(true);
    controller.current = new AbortController();
    try {
      const response = await fetch('/api/chat', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ messages: history }),
        signal: controller.current.signal,
      });
      // The same checks as on a server: typed chunks, a cut stream is an error, an error
      // status is its APIError.
      const stream = ChatCompletionStream.fromReadableStream(response, {
        signal: controller.current.signal,
      });
      let answer = '';
      for await (const text of stream.text()) {
        answer += text;
        setMessages([...history, { role: 'assistant', content: answer }]);
      }
    } catch (e) {
      if (!controller.current.signal.aborted) setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  }

  return (
    <main>
      <h1>Chat</h1>
      {messages.map((m, i) => (
        <p key={i} data-role={m.role} style={{ whiteSpace: 'pre-wrap' }}>
          <strong>{m.role === 'user' ? 'You' : 'Model'}:</strong> {m.content}
        </p>
      ))}
      {error && <p role="alert">{error}</p>}
      <form onSubmit={send} style={{ display: 'flex', gap: '0.5rem' }}>
        <input
          aria-label="Your message"
          value={input}
          onChange={(e) => setInput(e.target.value)}
          style={{ flex: 1, minWidth: 0, font: 'inherit', padding: '0.5rem' }}
        />
        <button disabled={busy || !input.trim()}>Send</button>
        <button type="button" disabled={!busy} onClick={() => controller.current?.abort()}>
          Stop
        </button>
      </form>
    </main>
  );
}
