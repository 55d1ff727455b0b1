/**
 * Branches: editing a message that was already answered starts a new branch from it, and what
 * followed the old wording is kept as another version of that message (‹ 1/2 ›), as
 * Regenerate keeps earlier answers.
 *
 * A conversation's `turns` is the branch on screen. Where branches part, the first turn of the
 * shown branch carries a `fork`: the other branches from that point (each a list of turns,
 * which may part again further on) and where the shown one sits among them. Hidden branches
 * are stored once, inside the fork, so the saved data stays a tree and a switch moves lists
 * rather than copying them. Neither function changes the lists it is given.
 */
import type { Fork, Turn } from './store.js';

/** Every branch from `at` on, in the order they were made, and which of them is shown. */
function allBranches(turns: Turn[], at: number): { branches: Turn[][]; shown: number } {
  const first = turns[at]!;
  const fork: Fork = (first.kind === 'chat' && first.fork) || { index: 0, others: [] };
  const branches = [...fork.others];
  branches.splice(fork.index, 0, [withFork(first, undefined), ...turns.slice(at + 1)]);
  return { branches, shown: fork.index };
}

/** A copy of a turn with this fork (or none): the lists passed in are never changed. */
function withFork(turn: Turn, fork: Fork | undefined): Turn {
  if (turn.kind !== 'chat') return turn;
  const { fork: _old, ...rest } = turn;
  return fork ? { ...rest, fork } : rest;
}

/** How many versions the message at `at` has, and which is shown (1-based for people). */
export function versionsAt(turns: Turn[], at: number): { index: number; count: number } {
  const t = turns[at];
  const fork = t?.kind === 'chat' ? t.fork : undefined;
  return fork ? { index: fork.index, count: fork.others.length + 1 } : { index: 0, count: 1 };
}

/**
 * Parts the conversation at `at`: returns the turns before it, and the fork the new message
 * (sent next, in place of the one at `at`) takes. The branch that was shown becomes a version.
 */
export function branchAt(turns: Turn[], at: number): { before: Turn[]; fork: Fork } {
  const { branches } = allBranches(turns, at);
  return { before: turns.slice(0, at), fork: { index: branches.length, others: branches } };
}

/** The turns with branch `index` shown from `at` on (the one shown now goes back among them). */
export function showBranch(turns: Turn[], at: number, index: number): Turn[] {
  const { branches, shown } = allBranches(turns, at);
  const chosen = branches[index] ?? branches[shown]!;
  const others = branches.filter((b) => b !== chosen);
  const fork = others.length ? { index: branches.indexOf(chosen), others } : undefined;
  return [...turns.slice(0, at), withFork(chosen[0]!, fork), ...chosen.slice(1)];
}
