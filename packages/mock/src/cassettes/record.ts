import type { IncomingMessage, ServerResponse } from 'node:http';
import { exact, KEPT_HEADERS, type Interaction, type RecordedEvent } from './format.js';
import type { Asked } from './match.js';
import type { Scrubber } from './scrub.js';

/** Request headers not sent on: this hop's own, and the mock's. */
const NOT_FORWARDED =
  /^(host|connection|keep-alive|content-length|transfer-encoding|upgrade|te|trailer|accept-encoding|proxy-[a-z-]+|x-mock-[a-z-]+)$/;
/**
 * The most of one answer a cassette keeps: a larger one is passed to the client whole but not
 * recorded (a cassette is for review in a pull request; a hostile or broken upstream must not
 * grow the mock's memory without bound either).
 */
export const MAX_RECORDED_BYTES = 64 * 1024 * 1024;

/** Response headers not passed back: hops', and what `fetch` has already undone (the encoding). */
const NOT_RETURNED = /^(connection|keep-alive|content-length|content-encoding|transfer-encoding)$/;

/**
 * Sends a request on to the real API and passes its answer back as it comes (a stream live,
 * event by event), keeping a copy: the interaction a cassette records, scrubbed. Undefined when
 * the client left before the answer ended (nothing half-recorded is kept).
 */
export async function forward(
  upstream: string,
  req: IncomingMessage,
  res: ServerResponse,
  body: Buffer | undefined,
  asked: Asked,
  scrub: Scrubber,
): Promise<Interaction | undefined> {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined || NOT_FORWARDED.test(name)) continue;
    headers.set(name, Array.isArray(value) ? value.join(', ') : value);
  }
  const left = new AbortController();
  const leave = () => left.abort();
  res.once('close', leave);
  const query = (req.url ?? '').includes('?') ? (req.url ?? '').slice(req.url!.indexOf('?')) : '';
  let answer: Response;
  try {
    answer = await fetch(`${upstream.replace(/\/+$/, '')}${asked.path}${query}`, {
      method: asked.method,
      headers,
      body: body?.length ? new Uint8Array(body) : undefined,
      signal: left.signal,
      redirect: 'manual',
    });
  } catch (error) {
    res.off('close', leave);
    if (left.signal.aborted) return undefined;
    // The upstream could not be reached: said as a gateway says it, never recorded.
    const why = (error as Error).cause ?? error;
    res.writeHead(502, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({
        error: {
          message: `comput3-mock could not reach the upstream ${upstream} to record: ${String((why as Error).message ?? why)}`,
          type: 'server_error',
          param: null,
          code: 'upstream_unreachable',
        },
      }),
    );
    return undefined;
  }
  const kept: Record<string, string> = {};
  const passed: Record<string, string> = {};
  answer.headers.forEach((value, name) => {
    if (!NOT_RETURNED.test(name)) passed[name] = value;
    if (KEPT_HEADERS.test(name)) kept[name] = scrub.text(value);
  });
  res.writeHead(answer.status, passed);
  res.flushHeaders();
  const started = performance.now();
  let chunks: Uint8Array[] | undefined = [];
  const arrivals: number[] = [];
  let size = 0;
  try {
    for await (const chunk of (answer.body ?? []) as unknown as AsyncIterable<Uint8Array>) {
      if (chunks && (size += chunk.length) > MAX_RECORDED_BYTES) {
        chunks = undefined; // still passed on; no longer kept
        console.warn(
          `[comput3-mock] an answer to ${asked.method} ${asked.path} is over ${MAX_RECORDED_BYTES} bytes: passed on, not recorded.`,
        );
      }
      if (chunks) {
        chunks.push(chunk);
        arrivals.push(Math.round(performance.now() - started));
      }
      if (!res.write(chunk)) await new Promise((resolve) => res.once('drain', resolve));
      if (left.signal.aborted) return undefined;
    }
  } catch {
    // The upstream broke off, or the client left: the client has what came, nothing is kept.
    res.destroy();
    return undefined;
  } finally {
    res.off('close', leave);
  }
  res.end();
  if (!chunks) return undefined;
  const request: Interaction['request'] = { method: asked.method, path: asked.path };
  if (asked.body !== undefined) request.body = scrub.json(asked.body);
  const response: Interaction['response'] = { status: answer.status, headers: kept };
  if ((answer.headers.get('content-type') ?? '').includes('text/event-stream')) {
    response.events = scrub.events(eventsOf(chunks, arrivals, scrub));
  } else {
    const text = scrub.bytes(chunks);
    const json = exact(text);
    if (json) response.body = scrub.json(json.value);
    else response.text = scrub.text(text);
  }
  return { request, response };
}

/**
 * A stream's events, each with the time it came: the arrival of the chunk that completed it.
 * The times are read from the bytes as they came; the events from the bytes scrubbed whole (a
 * key split between chunks is found), which a mask cannot split or join (it holds no blank
 * line), so the two line up.
 */
function eventsOf(chunks: Uint8Array[], arrivals: number[], scrub: Scrubber): RecordedEvent[] {
  const decoder = new TextDecoder();
  const times: number[] = [];
  // Counts the events each chunk completes. Only the new text is searched for a blank line, and
  // only whether the open event holds more than blank lines is remembered: linear in the bytes,
  // however long an event runs.
  let tail = ''; // the last character seen (a blank line may straddle two chunks)
  let open = false; // the event being read holds something but blank lines
  for (const [n, chunk] of chunks.entries()) {
    const text = tail + decoder.decode(chunk, { stream: true }).replace(/\r\n?/g, '\n');
    let from = 0;
    for (let end = text.indexOf('\n\n'); end !== -1; end = text.indexOf('\n\n', from)) {
      if (open || text.slice(from, end).trim()) times.push(arrivals[n]!);
      open = false;
      from = end + 2;
    }
    open ||= text.slice(from).trim() !== '';
    tail = text.slice(-1);
    if (tail !== '\n') tail = '';
  }
  const blocks = scrub
    .bytes(chunks)
    .replace(/\r\n?/g, '\n')
    .split('\n\n')
    .filter((block) => block.trim());
  return blocks.map((block, n) => {
    const ms = times[n] ?? arrivals.at(-1) ?? 0;
    // Stored parsed only when written back it is the same bytes: `data: ` and exact JSON.
    const json =
      block.startsWith('data: ') && !block.includes('\n') ? exact(block.slice(6)) : undefined;
    return json ? { ms, data: scrub.json(json.value) } : { ms, raw: scrub.text(block) };
  });
}
