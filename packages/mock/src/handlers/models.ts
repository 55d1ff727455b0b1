import { checkAuth } from '../auth.js';
import type { Call, Mock } from '../context.js';
import { answeredByFault } from '../leading-faults.js';
import { sendJson } from '../respond.js';
import { checkAnswer, complete } from '../shapes.js';

const MODEL_CREATED = 1735689600; // 2025-01-01, fixed so that listings are deterministic

/** `GET /models`: the models served, each completed from the spec's schema. */
export async function handleModels(mock: Mock, call: Call): Promise<void> {
  if (!checkAuth(call.req, call.res, mock.apiKeys) || (await answeredByFault(mock, call))) return;
  // Only the ids and dates are the mock's own; every other field is the spec's (shapes.ts).
  const list = complete('ModelList', {
    object: 'list',
    data: [...mock.models].map((id) => complete('Model', { id, created: MODEL_CREATED })),
  });
  checkAnswer('ModelList', list);
  sendJson(call.res, 200, list);
}
