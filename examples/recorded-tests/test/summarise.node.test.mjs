// node:test: withCassettes() gives each test a mock server of its own and a cassette named
// after it; a request the cassette lacks fails the test with the field that differs.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Comput3 } from '@comput3/core';
import { withCassettes } from '@comput3/mock/testing';

const dir = new URL('./cassettes', import.meta.url).pathname;
const upstream = process.env.COMPUT3_UPSTREAM ?? 'https://api.comput3.ai/v1';
const apiKey = process.env.COMPUT3_API_KEY || 'replay-needs-no-key';

test(
  'a refund ticket',
  withCassettes({ dir, upstream }, async ({ baseURL }) => {
    const client = new Comput3({ baseURL, apiKey });
    const text = await client.ask(
      'Summarise this support ticket in one line:\n\nRefund order 4411, it arrived broken.',
      {
        model: 'kimi-k2',
        max_tokens: 200,
      },
    );
    assert.ok(text.length > 0);
  }),
);

// Shown on replay only: while recording, a changed prompt is simply recorded.
const recording = (process.env.COMPUT3_CASSETTES ?? 'replay') !== 'replay';

test(
  'a prompt changed since the recording fails, naming the field',
  { skip: recording },
  async () => {
    const changed = withCassettes({ dir, upstream, mode: 'replay' }, async ({ baseURL }) => {
      const client = new Comput3({ baseURL, apiKey, maxRetries: 0 });
      await client
        .ask(
          'Summarise this support ticket in two lines:\n\nRefund order 4411, it arrived broken.',
          {
            model: 'kimi-k2',
            max_tokens: 200,
          },
        )
        .catch(() => {}); // the app swallows it: the test fails all the same
    });
    await assert.rejects(changed({ name: 'a refund ticket' }), (error) => {
      assert.match(
        error.message,
        /messages\[0\]\.content: recorded .*in one line:.*, sent .*in two lines:/,
      );
      return true;
    });
  },
);
