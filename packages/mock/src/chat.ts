import type { ServerResponse } from 'node:http';
import { checkAnswer, complete, extraFields } from './shapes.js';
import type { ChatCompletion, ChatCompletionRequest } from '@comput3/api';
import { EventWriter } from './event-writer.js';
import type { Fault } from './faults.js';
import type { Latency } from './pace.js';
import { seeded } from './reply/random.js';
import { planReply, type ReplyPlan } from './reply/plan.js';

export interface ChatContext {
  res: ServerResponse;
  request: ChatCompletionRequest;
  fault: Fault | undefined;
  /** A reply of exactly this many tokens (before `max_tokens`), from `x-mock-reply-tokens`. */
  replyTokens: number | undefined;
  /** Realistic pacing for this request; undefined answers at once. */
  pacing: Latency | undefined;
  /** When the request arrived (ms, `performance.now()`), so pacing counts from there. */
  arrived: number;
  completionId: string;
  requestId: string;
  /** How to get a real answer, said where the mock has none. */
  realAnswer: string;
  /** True once the client has gone away; writers stop. */
  isClosed: () => boolean;
  sleep: (ms: number) => Promise<void>;
}

const usageOf = (plan: ReplyPlan) => ({
  prompt_tokens: plan.promptTokens,
  completion_tokens: plan.completionTokens,
  total_tokens: plan.promptTokens + plan.completionTokens,
  ...(plan.reasoningTokens
    ? { completion_tokens_details: { reasoning_tokens: plan.reasoningTokens } }
    : {}),
});

const plan = (ctx: ChatContext) => planReply(ctx.request, ctx.replyTokens, ctx.realAnswer);

/** Waits until `ms` after the request arrived (no wait when that time has passed). */
const until = (ctx: ChatContext, ms: number) => {
  const wait = ctx.arrived + ms - performance.now();
  return wait > 0 ? ctx.sleep(wait) : undefined;
};

/** Sends the answer as one JSON `ChatCompletion`; paced, after the whole generation time. */
export async function answerJson(ctx: ChatContext): Promise<void> {
  const { request, res, fault, pacing } = ctx;
  const reply = await plan(ctx);
  if (pacing) {
    await until(ctx, pacing.ttftMs + (reply.completionTokens * 1000) / pacing.tokensPerSecond);
    if (ctx.isClosed()) return;
  }
  let content = '';
  for (const token of reply.tokens) content += token;
  const message: ChatCompletion['choices'][number]['message'] = reply.toolCalls
    ? { role: 'assistant', content: null, tool_calls: reply.toolCalls.map((t) => t.call) }
    : {
        role: 'assistant',
        content,
        ...(reply.reasoning ? { reasoning_content: reply.reasoning.join('') } : {}),
      };
  const completion: ChatCompletion = {
    id: ctx.completionId,
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model: request.model,
    choices: [
      {
        index: 0,
        message,
        finish_reason: reply.finishReason,
      },
    ],
    usage: usageOf(reply),
  };
  // Fields of the spec the reply above does not set are the spec's (shapes.ts); a reply the
  // spec does not allow is a bug of the mock's, thrown rather than sent.
  checkAnswer('ChatCompletion', complete('ChatCompletion', completion));
  let body = JSON.stringify(completion);
  if (fault?.malformedJson) body = body.slice(0, Math.floor(body.length / 2));
  res.writeHead(200, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(body),
    'x-request-id': ctx.requestId,
  });
  if (fault?.dropAfterChunks !== undefined) {
    const half = body.slice(0, Math.floor(body.length / 2));
    res.write(half, () => res.socket?.destroy());
    return;
  }
  res.end(body);
}

/** The chunk fields of the spec that the hand-built chunks below do not write (shapes.ts). */
const CHUNK_EXTRAS = extraFields('ChatCompletionChunk', [
  'id',
  'object',
  'created',
  'model',
  'choices',
  'usage',
]);

/**
 * Sends the answer as Server-Sent Events in the OpenAI chunk format: a role chunk, one chunk per
 * token, a finish chunk, the usage chunk when `stream_options.include_usage` is set, then
 * `data: [DONE]`, written by event-writer.ts (which honours back-pressure and applies the faults
 * inside a stream); the faults of its shape (broken JSON, no finish, no `[DONE]`, SSE noise,
 * CRLF) are applied here.
 */
export async function answerStream(ctx: ChatContext): Promise<void> {
  const { request, res, fault, pacing } = ctx;
  const reply = await plan(ctx);
  const eol = fault?.crlf ? '\r\n' : '\n';
  const created = Math.floor(Date.now() / 1000);
  const head = `data: {"id":${JSON.stringify(ctx.completionId)},"object":"chat.completion.chunk","created":${created},"model":${JSON.stringify(request.model)},${CHUNK_EXTRAS}"choices":[`;
  const tail = `${eol}${eol}`;
  const noise = fault?.sseNoise ? `: keep-alive${eol}${eol}${eol}` : '';
  const chunk = (choice: string) => `${noise}${head}${choice}]}${tail}`;
  const delta = (json: string) => chunk(`{"index":0,"delta":${json},"finish_reason":null}`);

  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache',
    'x-request-id': ctx.requestId,
  });
  // Headers go out at once, as real servers send them; the first token follows after TTFT.
  if (pacing) res.flushHeaders();

  // Pacing gives way to a delay-chunks fault, so that faults behave the same at either pace.
  const paced = fault?.delayChunks ? undefined : pacing;
  const writer = new EventWriter(res, fault, Boolean(paced), ctx.isClosed, ctx.sleep);
  const send = (event: string, hold?: boolean) => writer.send(event, hold);

  if (fault?.dropAfterChunks === 0) {
    res.flushHeaders();
    res.socket?.destroy();
    return;
  }
  // Paced, the role goes out with the first tokens, after the time to first token.
  const role = reply.toolCalls
    ? '{"role":"assistant","content":null}'
    : '{"role":"assistant","content":""}';
  if (!(await send(delta(role), Boolean(paced)))) return;
  if (fault?.malformedJson) {
    if (!(await send(`${head}{"index":0,"delta":{"content":${tail}`))) return;
  }
  // Tool calls: each call's id and name first, then its arguments in pieces, as real servers
  // send them (a client must join the pieces by index).
  const toolDelta = (index: number, call: string) =>
    delta(`{"tool_calls":[{"index":${index},${call}}]}`);
  const pieces: { index: number; head?: string; text: string }[] = [];
  for (const [index, { call, pieces: args }] of (reply.toolCalls ?? []).entries()) {
    const head = `"id":${JSON.stringify(call.id)},"type":"function","function":{"name":${JSON.stringify(call.function.name)},"arguments":""}`;
    pieces.push({ index, head, text: '' });
    for (const text of args) pieces.push({ index, text });
  }
  for (const [i, piece] of pieces.entries()) {
    if (paced) {
      const wait = until(ctx, paced.ttftMs + (Math.max(0, i - 1) * 1000) / paced.tokensPerSecond);
      if (wait) await wait;
    }
    const body = piece.head ?? `"function":{"arguments":${JSON.stringify(piece.text)}}`;
    if (!(await send(toolDelta(piece.index, body)))) return;
  }
  const piece = (field: string) => (text: string) =>
    send(delta(`{${JSON.stringify(field)}:${JSON.stringify(text)}}`));
  const content = piece('content');
  // DeepSeek's form: the reasoning first, beside the content, then the answer after it.
  const thought = reply.reasoning ?? [];
  if (paced && !reply.toolCalls) {
    for await (const text of pacedPieces(ctx, thought, paced, reply.completionTokens))
      if (!(await piece('reasoning_content')(text))) return;
    for await (const text of pacedPieces(
      ctx,
      reply.tokens,
      paced,
      reply.completionTokens,
      thought.length,
    ))
      if (!(await content(text))) return;
  } else if (!reply.toolCalls) {
    for (const token of thought) if (!(await piece('reasoning_content')(token))) return;
    for (const token of reply.tokens) if (!(await content(token))) return;
  }
  if (fault?.noFinish) return writer.end();
  const finish = JSON.stringify(reply.finishReason);
  if (!(await send(chunk(`{"index":0,"delta":{},"finish_reason":${finish}}`)))) return;
  if (request.stream_options?.include_usage) {
    const usage = JSON.stringify(usageOf(reply));
    if (!(await send(`${noise}${head}],"usage":${usage}}${tail}`))) return;
  }
  if (!fault?.noDone && !(await send(`data: [DONE]${tail}`))) return;
  await writer.end();
}

/**
 * The answer's text in the pieces a paced stream sends: 1 to 3 tokens a piece, each when its time comes (TTFT, then the tokens' rate, counted from the request's
 * arrival). A timer that fired late (a loaded machine) sends everything already due in one
 * piece, so a late stream catches up instead of staying late.
 */
async function* pacedPieces(
  ctx: ChatContext,
  list: Iterable<string>,
  paced: Latency,
  seed: number,
  before = 0,
): AsyncGenerator<string> {
  const msPerToken = 1000 / paced.tokensPerSecond;
  const random = seeded(seed + before + ctx.request.messages.length);
  const tokens = list[Symbol.iterator]();
  let out = before; // tokens sent so far (the reasoning's, for the answer after it)
  for (;;) {
    let group = '';
    let n = 0;
    const take = () => {
      const next = tokens.next();
      if (next.done) return false;
      group += next.value;
      n++;
      return true;
    };
    for (const want = 1 + Math.floor(random() * 3); n < want && take(););
    if (n === 0) return;
    const wait = until(ctx, paced.ttftMs + (out + n - 1) * msPerToken);
    if (wait) await wait;
    const due = Math.floor((performance.now() - ctx.arrived - paced.ttftMs) / msPerToken) + 1;
    while (out + n < due && take());
    yield group;
    out += n;
  }
}
