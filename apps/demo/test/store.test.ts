import { describe, expect, test } from 'vitest';
import { history, KEY, load, migrate, titleFrom, VERSION, type Turn } from '../client/store.js';

/** localStorage's interface over a Map. */
function memoryStorage(entries: Record<string, string> = {}): Storage {
  const map = new Map(Object.entries(entries));
  return {
    getItem: (k) => map.get(k) ?? null,
    setItem: (k, v) => void map.set(k, v),
    removeItem: (k) => void map.delete(k),
    clear: () => map.clear(),
    key: (i) => [...map.keys()][i] ?? null,
    get length() {
      return map.size;
    },
  };
}

describe('saved conversations', () => {
  test('a later format is reached one migration at a time; nothing is dropped', () => {
    const steps = {
      1: (d: any) => ({
        ...d,
        version: 2,
        conversations: d.conversations.map((c: any) => ({ ...c, pinned: false })),
      }),
      2: (d: any) => ({
        ...d,
        version: 3,
        conversations: d.conversations.map((c: any) => ({ ...c, tags: [] })),
      }),
    };
    const v1 = { version: 1, conversations: [{ id: 'a', title: 'A', turns: [] }] };
    expect(migrate(v1, steps, 3)).toEqual({
      version: 3,
      conversations: [{ id: 'a', title: 'A', turns: [], pinned: false, tags: [] }],
    });
    expect(() => migrate({ version: 1, conversations: [] }, {}, 2)).toThrow(
      'no way from version 1',
    );
  });

  test("figures saved by version 1 (ttftMs, totalMs) are read under the SDK's names", () => {
    const stats = { model: 'm', ttftMs: 120, totalMs: 900, tokensPerSecond: 40, requestId: 'r1' };
    const reply = { content: 'hi', state: 'done', stats, request: { model: 'm', messages: [] } };
    const raw = JSON.stringify({
      version: 1,
      conversations: [
        { id: 'a', title: 'A', turns: [{ kind: 'chat', user: 'q', reply, versions: [reply] }] },
      ],
    });
    const turn = load(memoryStorage({ [KEY]: raw })).saved.conversations[0]!.turns[0] as any;
    for (const kept of [turn.reply.stats, turn.versions[0].stats]) {
      expect(kept).toEqual({
        model: 'm',
        timeToFirstTokenMs: 120,
        durationMs: 900,
        tokensPerSecond: 40,
        requestId: 'r1',
      });
    }
  });

  test('version 2 chats get the settings of their last request; one with no answer gets none', () => {
    const sent = {
      model: 'kimi-k2',
      messages: [
        { role: 'system', content: 'Answer in one sentence.' },
        { role: 'user', content: 'q' },
      ],
      temperature: 0.2,
      max_tokens: 50,
    };
    const reply = { content: 'a', state: 'done', request: sent };
    const compared = { ...reply, request: { model: 'qwen3-max', messages: [] } };
    const raw = JSON.stringify({
      version: 2,
      conversations: [
        { id: 'a', title: 'A', turns: [{ kind: 'chat', user: 'q', reply }] },
        { id: 'b', title: 'B', turns: [{ kind: 'compare', user: 'q', replies: [compared] }] },
        { id: 'c', title: 'C', turns: [{ kind: 'chat', user: 'q', failed: 'no' }] },
      ],
    });
    const [a, b, c] = load(memoryStorage({ [KEY]: raw })).saved.conversations;
    expect(a!.settings).toEqual({
      model: 'kimi-k2',
      system: 'Answer in one sentence.',
      temperature: 0.2,
      maxTokens: 50,
    });
    expect(b!.settings).toEqual({ model: 'qwen3-max', system: '' });
    expect(c!.settings).toBeUndefined();
  });

  test('data it cannot read is kept aside under its own key, and the page starts afresh', () => {
    for (const raw of [
      '{"version": 99, "conversations": []}',
      'not json',
      '{"something": "else"}',
    ]) {
      const storage = memoryStorage({ [KEY]: raw });
      const loaded = load(storage);
      expect(loaded.saved).toEqual({ version: VERSION, conversations: [] });
      expect(storage.getItem(loaded.keptAside!)).toBe(raw);
      expect(storage.getItem(KEY)).toBe(raw);
    }
    expect(load(memoryStorage()).keptAside).toBeUndefined();
  });

  test('context: answered chat turns only; failed and Compare turns are never sent', () => {
    const request = { model: 'm', messages: [] };
    const turns: Turn[] = [
      { kind: 'chat', user: 'a', reply: { content: 'A', state: 'done', request } },
      { kind: 'chat', user: 'b', failed: 'rate limited' },
      { kind: 'compare', user: 'c', replies: [{ content: 'C', state: 'done', request }] },
      { kind: 'chat', user: 'd', reply: { content: 'D (stopped)', state: 'stopped', request } },
    ];
    expect(history(turns)).toEqual([
      { role: 'user', content: 'a' },
      { role: 'assistant', content: 'A' },
      { role: 'user', content: 'd' },
      { role: 'assistant', content: 'D (stopped)' },
    ]);
  });

  test('titles come from the first line, cut at a word', () => {
    expect(titleFrom('Plan a trip\nsecond line')).toBe('Plan a trip');
    expect(
      titleFrom('A very long first message that goes on and on past the width of the list'),
    ).toBe('A very long first message that goes on and on…');
  });
});
