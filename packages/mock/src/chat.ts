import type { ServerResponse } from 'node:http';
import type { ChatCompletion, ChatCompletionRequest } from '@comput3/api';
import type { Fault } from './faults.js';
import { countPromptTokens, planReply } from './reply.js';

export interface ChatContext {
  res: ServerResponse;
  request: ChatCompletionRequest;
  fault: Fault | undefined;
  /** A reply of exactly this many tokens (before `max_tokens`), from `x-mock-reply-tokens`. */
  replyTokens: number | undefined;
  completionId: string;
  requestId: string;
  /** True once the client has gone away; writers stop. */
  isClosed: () => boolean;
  sleep: (ms: number) => Promise<void>;
}

function usageOf(ctx: ChatContext, completionTokens: number) {
  const prompt = countPromptTokens(ctx.request.messages);
  return {
    prompt_tokens: prompt,
    completion_tokens: completionTokens,
    total_tokens: prompt + completionTokens,
  };
}

/** Sends the answer as one JSON `ChatCompletion`. */
export function answerJson(ctx: ChatContext): void {
  const { request, res, fault } = ctx;
  const plan = planReply(request.model, request.messages, request.max_tokens, ctx.replyTokens);
  let content = '';
  for (const token of plan.tokens) content += token;
  const completion: ChatCompletion = {
    id: ctx.completionId,
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model: request.model,
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content },
        finish_reason: plan.finishReason,
      },
    ],
    usage: usageOf(ctx, plan.completionTokens),
  };
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

/** Bytes to gather before a write when no delay is asked for: few syscalls, steady memory. */
const BATCH_BYTES = 16 * 1024;

/**
 * Sends the answer as Server-Sent Events in the OpenAI chunk format: a role chunk, one chunk per
 * token, a finish chunk, the usage chunk when `stream_options.include_usage` is set, then
 * `data: [DONE]`. Honours back-pressure, so a long answer never piles up in memory.
 */
export async function answerStream(ctx: ChatContext): Promise<void> {
  const { request, res, fault } = ctx;
  const plan = planReply(request.model, request.messages, request.max_tokens, ctx.replyTokens);
  const eol = fault?.crlf ? '\r\n' : '\n';
  const created = Math.floor(Date.now() / 1000);
  const head = `data: {"id":${JSON.stringify(ctx.completionId)},"object":"chat.completion.chunk","created":${created},"model":${JSON.stringify(request.model)},"choices":[`;
  const tail = `${eol}${eol}`;
  const noise = fault?.sseNoise ? `: keep-alive${eol}${eol}${eol}` : '';
  const chunk = (choice: string) => `${noise}${head}${choice}]}${tail}`;
  const delta = (json: string) => chunk(`{"index":0,"delta":${json},"finish_reason":null}`);

  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache',
    'x-request-id': ctx.requestId,
  });

  const dropAfter = fault?.dropAfterChunks;
  const delay = fault?.delayChunks ?? 0;
  let sent = 0;
  let pending = '';

  const flush = async (): Promise<void> => {
    if (!pending) return;
    const text = pending;
    pending = '';
    if (!res.write(text)) {
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
  };

  /** Queues one event; false when the stream must stop (client gone, or a drop fault). */
  const send = async (event: string): Promise<boolean> => {
    if (ctx.isClosed()) return false;
    if (delay > 0 && sent > 0) {
      await flush();
      await ctx.sleep(delay);
      if (ctx.isClosed()) return false;
    }
    pending += event;
    sent++;
    if (dropAfter !== undefined && sent >= dropAfter) {
      const text = pending;
      pending = '';
      res.write(text, () => res.socket?.destroy());
      return false;
    }
    if (delay > 0 || pending.length >= BATCH_BYTES) await flush();
    return true;
  };

  if (dropAfter === 0) {
    res.flushHeaders();
    res.socket?.destroy();
    return;
  }
  if (!(await send(delta('{"role":"assistant","content":""}')))) return;
  if (fault?.malformedJson) {
    if (!(await send(`${head}{"index":0,"delta":{"content":${tail}`))) return;
  }
  for (const token of plan.tokens) {
    if (!(await send(delta(`{"content":${JSON.stringify(token)}}`)))) return;
  }
  if (fault?.noFinish) {
    await flush();
    res.end();
    return;
  }
  const finish = JSON.stringify(plan.finishReason);
  if (!(await send(chunk(`{"index":0,"delta":{},"finish_reason":${finish}}`)))) return;
  if (request.stream_options?.include_usage) {
    const usage = JSON.stringify(usageOf(ctx, plan.completionTokens));
    if (!(await send(`${noise}${head}],"usage":${usage}}${tail}`))) return;
  }
  if (!fault?.noDone && !(await send(`data: [DONE]${tail}`))) return;
  await flush();
  res.end();
}
