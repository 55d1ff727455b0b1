import type { ServerResponse } from 'node:http';
import type { Fault } from './faults.js';

/** Bytes to gather before a write when no delay is asked for: few syscalls, steady memory. */
const BATCH_BYTES = 16 * 1024;

/**
 * Writes a stream's events to the response: gathered into few writes, honouring back-pressure
 * (a long answer never piles up in memory), and with the faults that act inside an answer: a
 * delay before each event after the first (`delay-chunks`), the connection dropped after N
 * events (`drop-after-chunks`), or held open and silent after N (`stall-after-chunks`). Internal.
 */
export class EventWriter {
  #pending = '';
  #sent = 0;
  readonly #res: ServerResponse;
  readonly #fault: Fault | undefined;
  readonly #isClosed: () => boolean;
  readonly #sleep: (ms: number) => Promise<void>;
  /** Whether each event goes out at once (paced, or delayed by a fault) rather than gathered. */
  readonly #eager: boolean;

  constructor(
    res: ServerResponse,
    fault: Fault | undefined,
    paced: boolean,
    isClosed: () => boolean,
    sleep: (ms: number) => Promise<void>,
  ) {
    this.#res = res;
    this.#fault = fault;
    this.#isClosed = isClosed;
    this.#sleep = sleep;
    this.#eager = paced || (fault?.delayChunks ?? 0) > 0;
  }

  /**
   * Queues one event (`hold`: keep it for the next write even when eager); false when the
   * stream must stop (the client went away, or a drop fault cut it).
   */
  async send(event: string, hold = false): Promise<boolean> {
    if (this.#isClosed()) return false;
    const delay = this.#fault?.delayChunks ?? 0;
    if (delay > 0 && this.#sent > 0) {
      await this.flush();
      await this.#sleep(delay);
      if (this.#isClosed()) return false;
    }
    this.#pending += event;
    this.#sent++;
    const stallAfter = this.#fault?.stallAfterChunks;
    if (stallAfter !== undefined && this.#sent >= stallAfter) {
      // Silent from here, the connection held open until the client gives up and leaves.
      await this.flush();
      const res = this.#res;
      if (!this.#isClosed()) await new Promise((resolve) => res.once('close', resolve));
      return false;
    }
    const dropAfter = this.#fault?.dropAfterChunks;
    if (dropAfter !== undefined && this.#sent >= dropAfter) {
      const text = this.#pending;
      this.#pending = '';
      this.#res.write(text, () => this.#res.socket?.destroy());
      return false;
    }
    if (!hold && (this.#eager || this.#pending.length >= BATCH_BYTES)) await this.flush();
    return true;
  }

  /** Writes what is gathered, waiting for the client to take it (or to leave). */
  async flush(): Promise<void> {
    if (!this.#pending) return;
    const text = this.#pending;
    this.#pending = '';
    const res = this.#res;
    if (res.write(text)) return;
    await new Promise<void>((resolve) => {
      const done = () => {
        res.off('drain', done);
        res.off('close', done);
        resolve();
      };
      res.on('drain', done);
      res.on('close', done);
    });
  }

  /** Writes what is left and ends the response. */
  async end(): Promise<void> {
    await this.flush();
    this.#res.end();
  }
}
