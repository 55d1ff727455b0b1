import type { ChatCompletionRequest } from '@comput3/api';
import { answerJson, answerStream } from '../chat.js';
import { header, type Call, type Mock } from '../context.js';
import { PaceError, pacingFor } from '../pace.js';
import { readRequest } from '../read-request.js';
import { toolMessageProblem } from '../reply/tools.js';
import { sendError } from '../respond.js';

/** Enough for any long-answer test; 2,000,000 would build a 10 MB body in memory. */
const MAX_REPLY_TOKENS = 500_000;

/**
 * `POST /chat/completions`: the request checked as the spec and a real server check it (the
 * schema, tool messages answering calls, a served model, the mock's own headers), then answered
 * whole or streamed (chat.ts).
 */
export async function handleChat(mock: Mock, call: Call): Promise<void> {
  const { req, res, entry } = call;
  const arrived = performance.now();
  const read = await readRequest(mock, call, 'ChatCompletionRequest');
  if (!read) return;
  const request = read.body as ChatCompletionRequest;
  const toolProblem = toolMessageProblem(request.messages);
  if (toolProblem) {
    sendError(res, 400, { ...toolProblem, code: 'invalid_value' });
    return;
  }
  if (!mock.models.has(request.model)) {
    sendError(res, 404, {
      message: `The model \`${request.model}\` does not exist. GET /v1/models lists the models served here.`,
      param: 'model',
      code: 'model_not_found',
    });
    return;
  }
  if (isOverloaded(mock, req, request.model)) {
    sendError(res, 503, {
      message: `The model \`${request.model}\` is overloaded. Try again later, or another model.`,
      code: 'overloaded',
      headers: { 'retry-after': '1' },
    });
    return;
  }
  const replyTokens = parseReplyTokens(header(req, 'x-mock-reply-tokens'));
  if (replyTokens === null) {
    sendError(res, 400, {
      message: `The x-mock-reply-tokens header must be a whole number from 0 to ${MAX_REPLY_TOKENS}.`,
      code: 'invalid_value',
    });
    return;
  }
  let pacing;
  try {
    pacing = pacingFor(request.model, mock.pace, req);
  } catch (error) {
    if (!(error instanceof PaceError)) throw error;
    sendError(res, 400, { message: error.message, code: 'invalid_value' });
    return;
  }
  const answer = {
    res,
    request,
    fault: entry.fault,
    replyTokens,
    pacing,
    arrived,
    completionId: mock.nextCompletionId(),
    realAnswer: mock.realAnswer,
    requestId: res.getHeader('x-request-id') as string,
    isClosed: () => res.destroyed || res.writableEnded,
    sleep: mock.sleep,
  };
  entry.stream = request.stream === true;
  await (entry.stream ? answerStream(answer) : answerJson(answer));
}

/** undefined when absent, null when malformed or over MAX_REPLY_TOKENS. */
function parseReplyTokens(value: string | undefined): number | undefined | null {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value.trim())) return null;
  const tokens = Number(value);
  return tokens <= MAX_REPLY_TOKENS ? tokens : null;
}

/** The model is overloaded for this server, or this request says so (`x-mock-overloaded`). */
function isOverloaded(mock: Mock, req: Call['req'], model: string): boolean {
  if (mock.overloaded.has(model)) return true;
  const asked = header(req, 'x-mock-overloaded');
  return asked !== undefined && asked.split(/[,;]/).some((id) => id.trim() === model);
}
