/**
 * Test helper: calls the mock and checks every answer against the spec's response definitions
 * (the contract test). A response whose status, content type or body the spec does not allow
 * throws, so every test that uses `call` is also a contract test.
 */
import { spec } from '@comput3/api/spec';
import { expect } from 'vitest';
import { validatorFor } from '../src/validation.js';

type Json = Record<string, unknown>;

export interface Answer {
  status: number;
  headers: Headers;
  text: string;
  json: any;
  /** The `data:` payloads of a text/event-stream answer, in order (`[DONE]` included). */
  events: string[];
}

const pointer = (...parts: string[]) =>
  '#/' + parts.map((p) => p.replace(/~/g, '~0').replace(/\//g, '~1')).join('/');

/** Splits an SSE body into its events' data, per the SSE rules (any line ending, comments). */
export function sseData(text: string): string[] {
  const out: string[] = [];
  let data: string[] = [];
  for (const line of text.split(/\r\n|\r|\n/)) {
    if (line === '') {
      if (data.length) out.push(data.join('\n'));
      data = [];
    } else if (line.startsWith('data:')) {
      data.push(line.slice(line.startsWith('data: ') ? 6 : 5));
    }
  }
  return out;
}

export function checkContract(method: string, url: string, answer: Answer, faulted = false): void {
  const path = new URL(url).pathname.replace(/^\/v1/, '');
  const paths = spec.paths as Record<string, Record<string, Json>>;
  const operation = paths[path]?.[method.toLowerCase()] as
    { responses: Record<string, Json> } | undefined;
  const contentType = (answer.headers.get('content-type') ?? '').split(';')[0]!.trim();
  const errorSchema = validatorFor('ErrorResponse');

  let response = operation?.responses[String(answer.status)];
  let responsePointer = pointer(
    'paths',
    path,
    method.toLowerCase(),
    'responses',
    String(answer.status),
  );
  if (response && typeof response.$ref === 'string') {
    responsePointer = response.$ref;
    const name = response.$ref.split('/').pop()!;
    response = (spec.components as { responses: Record<string, Json> }).responses[name];
  }
  if (!response) {
    // Outside the spec: only faults (a gateway's 502, a 408…) and unknown routes may do this,
    // and their JSON bodies must still be the spec's error body.
    expect(
      faulted || !operation,
      `status ${answer.status} for ${method} ${path} is not in the spec`,
    ).toBe(true);
    if (contentType === 'application/json') {
      expect(errorSchema(answer.json), JSON.stringify(errorSchema.errors)).toBe(true);
    }
    return;
  }
  const content = response.content as Record<string, unknown>;
  expect(Object.keys(content), `content type ${contentType} not in the spec`).toContain(
    contentType,
  );
  if (contentType === 'application/json') {
    const validate = validatorFor(`${responsePointer}/content/application~1json/schema`);
    expect(validate(answer.json), JSON.stringify(validate.errors)).toBe(true);
  } else if (contentType === 'text/event-stream') {
    // Each event is checked against the media type's schema, as event-by-event tools read it.
    const eventPointer = `${responsePointer}/content/text~1event-stream/schema`;
    const validateEvent = validatorFor(eventPointer);
    // ajv, like most validators, does not apply `contentSchema`: parse the data ourselves and
    // check it against the schema the spec names there.
    const validateData = validatorFor(contentSchemaRef(eventPointer));
    const events = answer.events;
    if (!faulted) expect(events.at(-1)).toBe('[DONE]');
    for (const data of events) {
      expect(validateEvent({ data }), JSON.stringify(validateEvent.errors)).toBe(true);
      if (data === '[DONE]') continue;
      expect(validateData(JSON.parse(data)), JSON.stringify(validateData.errors)).toBe(true);
    }
  }
}

/** Resolves a JSON pointer into the spec, following `$ref`s. */
function at(ref: string): Json {
  let node: unknown = spec;
  for (const raw of ref.replace(/^#\//, '').split('/')) {
    node = (node as Json)[raw.replace(/~1/g, '/').replace(/~0/g, '~')];
    const next = (node as Json | undefined)?.$ref;
    if (typeof next === 'string') node = at(next);
  }
  return node as Json;
}

/** The `contentSchema` `$ref` of the event schema's JSON `data` branch. */
function contentSchemaRef(eventPointer: string): string {
  const data = (at(eventPointer).properties as Record<string, Json>).data!;
  const branch = (data.anyOf as Json[]).find((b) => b.contentSchema);
  const ref = (branch?.contentSchema as Json | undefined)?.$ref;
  if (typeof ref !== 'string') throw new Error(`no contentSchema $ref in ${eventPointer}`);
  return ref;
}

export interface CallOptions {
  method?: string;
  body?: unknown;
  headers?: Record<string, string>;
  key?: string | null;
  /** Set when the request injects a fault, so answers outside the spec are allowed. */
  faulted?: boolean;
}

export async function call(base: string, path: string, options: CallOptions = {}): Promise<Answer> {
  const method = options.method ?? (options.body === undefined ? 'GET' : 'POST');
  const headers: Record<string, string> = { ...options.headers };
  if (options.key !== null) headers.authorization = `Bearer ${options.key ?? 'sk-test'}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const url = base + path;
  const res = await fetch(url, {
    method,
    headers,
    body:
      options.body === undefined
        ? undefined
        : typeof options.body === 'string'
          ? options.body
          : JSON.stringify(options.body),
  });
  const text = await res.text();
  const isJson = res.headers.get('content-type')?.startsWith('application/json');
  const isSse = res.headers.get('content-type')?.startsWith('text/event-stream');
  const answer: Answer = {
    status: res.status,
    headers: res.headers,
    text,
    json: isJson && !options.faulted ? JSON.parse(text) : undefined,
    events: isSse ? sseData(text) : [],
  };
  if (isJson && options.faulted) {
    try {
      answer.json = JSON.parse(text);
    } catch {
      answer.json = undefined;
    }
  }
  if (!(options.faulted && isJson && answer.json === undefined)) {
    checkContract(method, url, answer, options.faulted);
  }
  return answer;
}

export const hello = (content = 'Hello, world!', extra: Json = {}) => ({
  model: 'deepseek-v3.1',
  messages: [{ role: 'user', content }],
  ...extra,
});
