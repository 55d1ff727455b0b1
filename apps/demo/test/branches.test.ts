import { describe, expect, test } from 'vitest';
import { branchAt, showBranch, versionsAt } from '../client/branches.js';
import { history, type Turn } from '../client/store.js';

const chat = (user: string, answer: string): Turn => ({
  kind: 'chat',
  user,
  reply: {
    content: answer,
    state: 'done',
    request: { model: 'hermes4:70b', messages: [] },
  },
});
const users = (turns: Turn[]) => turns.map((t) => t.user);
/** Edits the message at `at`: the new wording is sent with the fork, as the page does. */
function edit(turns: Turn[], at: number, user: string, answer: string): Turn[] {
  const { before, fork } = branchAt(turns, at);
  return [...before, { ...(chat(user, answer) as Turn & { kind: 'chat' }), fork }];
}

describe('branches from an edited message', () => {
  test('editing an earlier message keeps what followed it as version 1', () => {
    const start = [chat('a', 'A'), chat('b', 'B'), chat('c', 'C')];
    const edited = edit(start, 1, 'b2', 'B2');
    expect(users(edited)).toEqual(['a', 'b2']);
    expect(versionsAt(edited, 1)).toEqual({ index: 1, count: 2 });
    // Only the shown branch is context.
    expect(history(edited).map((m) => m.content)).toEqual(['a', 'A', 'b2', 'B2']);

    const back = showBranch(edited, 1, 0);
    expect(users(back)).toEqual(['a', 'b', 'c']);
    expect(versionsAt(back, 1)).toEqual({ index: 0, count: 2 });
    const again = showBranch(back, 1, 1);
    expect(users(again)).toEqual(['a', 'b2']);
  });

  test('a third edit is version 3; each version keeps its own later branches', () => {
    let turns = [chat('a', 'A'), chat('b', 'B')];
    turns = edit(turns, 0, 'a2', 'A2');
    turns = [...turns, chat('x', 'X')];
    // A fork inside the second branch, further on.
    turns = edit(turns, 1, 'x2', 'X2');
    turns = edit(showBranch(turns, 0, 0), 0, 'a3', 'A3');
    expect(versionsAt(turns, 0)).toEqual({ index: 2, count: 3 });
    const second = showBranch(turns, 0, 1);
    expect(users(second)).toEqual(['a2', 'x2']);
    expect(versionsAt(second, 1)).toEqual({ index: 1, count: 2 });
    expect(users(showBranch(second, 1, 0))).toEqual(['a2', 'x']);
    // Nothing is lost or copied: every message written is in the tree once.
    const all = JSON.stringify(showBranch(second, 0, 0));
    for (const word of ['"a"', '"b"', '"a2"', '"x"', '"x2"', '"a3"'])
      expect(all.split(`"user":${word}`).length - 1).toBe(1);
  });

  test('an index out of range keeps the branch shown', () => {
    const turns = edit([chat('a', 'A')], 0, 'a2', 'A2');
    expect(users(showBranch(turns, 0, 7))).toEqual(['a2']);
    expect(versionsAt(showBranch(turns, 0, 7), 0)).toEqual({ index: 1, count: 2 });
  });

  test('a message never edited has one version', () => {
    expect(versionsAt([chat('a', 'A')], 0)).toEqual({ index: 0, count: 1 });
  });
});
