import type { ServerResponse } from 'node:http';
import { EventWriter } from '../event-writer.js';
import type { Fault } from '../faults.js';
import type { Interaction, RecordedEvent } from './format.js';

/** Each event as it goes on the wire, written once per loaded cassette however often it plays. */
const wire = new WeakMap<RecordedEvent, string>();
const onWire = (event: RecordedEvent) => {
  let text = wire.get(event);
  if (text === undefined) {
    text = `${'data' in event ? `data: ${JSON.stringify(event.data)}` : event.raw}\n\n`;
    wire.set(event, text);
  }
  return text;
};

/** How a recorded stream is played: at the pace it came, or as fast as the client reads. */
export type Pacing = 'recorded' | 'none';

/**
 * Serves a recorded answer: its status, its headers and its body, a stream event by event (at
 * the recorded pace, or at once). The faults that act inside an answer apply to it as to the
 * mock's own (a stream cut after K events, stalled, slowed), so a test can meet its error
 * paths on real content.
 */
export async function replay(
  res: ServerResponse,
  { response }: Interaction,
  pacing: Pacing,
  fault: Fault | undefined,
  sleep: (ms: number) => Promise<void>,
): Promise<void> {
  const isClosed = () => res.destroyed || res.writableEnded;
  const headers = { ...response.headers };
  if (!response.events) {
    const text =
      response.body !== undefined ? JSON.stringify(response.body) : (response.text ?? '');
    const bytes = Buffer.from(text);
    res.writeHead(response.status, { ...headers, 'content-length': bytes.length });
    if (fault?.dropAfterChunks !== undefined) {
      // Half the body, then the connection drops, as for the mock's own answers.
      res.write(bytes.subarray(0, bytes.length >> 1), () => res.socket?.destroy());
      return;
    }
    res.end(bytes);
    return;
  }
  res.writeHead(response.status, { ...headers, 'cache-control': 'no-cache' });
  res.flushHeaders();
  const paced = pacing === 'recorded' && !fault?.delayChunks;
  const writer = new EventWriter(res, fault, paced, isClosed, sleep);
  let previous = 0;
  for (const event of response.events) {
    if (paced && event.ms > previous) await sleep(event.ms - previous);
    previous = event.ms;
    if (!(await writer.send(onWire(event)))) return;
  }
  if (!isClosed()) await writer.end();
}
