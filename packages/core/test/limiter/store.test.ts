// MemoryStore's reservations on a clock the test sets: spaced, a late start made up, an idle key
// without a burst, a pause for every client.
import { afterEach, expect, test, vi } from 'vitest';
import { CATCH_UP_MS, MemoryStore } from '../../src/limiter/index.js';

afterEach(() => vi.useRealTimers());
const at = (ms: number) => vi.setSystemTime(ms);

test('starts are spaced; a slot just passed is kept (made up); an idle key starts now', async () => {
  vi.useFakeTimers();
  const store = new MemoryStore();
  at(1_000_000);
  expect(await store.reserve('k', 10)).toBe(1_000_000);
  expect(await store.reserve('k', 10)).toBe(1_000_010); // asked at once: the next slot
  // The caller came back 3 ms after its slot (a late timer): that slot, not now, so the next
  // start makes the 3 ms up and the pace stays the limit's.
  at(1_000_023);
  expect(await store.reserve('k', 10)).toBe(1_000_020);
  expect(await store.reserve('k', 10)).toBe(1_000_030);
  // Idle for a second: now, not a burst of the slots missed.
  at(1_001_000);
  expect(await store.reserve('k', 10)).toBe(1_001_000);
  expect(await store.reserve('k', 10)).toBe(1_001_010);
});

test('what is made up is bounded: one spacing, or CATCH_UP_MS for a slow pace', async () => {
  vi.useFakeTimers();
  const store = new MemoryStore();
  at(2_000_000);
  await store.reserve('slow', 1000);
  at(2_000_000 + 1000 + CATCH_UP_MS); // at the bound: made up
  expect(await store.reserve('slow', 1000)).toBe(2_001_000);
  at(2_002_000 + CATCH_UP_MS + 1); // past it: now
  expect(await store.reserve('slow', 1000)).toBe(2_002_000 + CATCH_UP_MS + 1);
});

test('a pause holds every start on the key until it ends', async () => {
  vi.useFakeTimers();
  const store = new MemoryStore();
  at(3_000_000);
  await store.pause('k', 3_002_000);
  expect(await store.reserve('k', 10)).toBe(3_002_000);
  expect(await store.reserve('other', 10)).toBe(3_000_000);
});
