import { checkAuth } from '../auth.js';
import type { Call, Mock } from '../context.js';
import { answeredByFault } from '../leading-faults.js';
import { readRequest } from '../read-request.js';
import { sendError, sendJson } from '../respond.js';
import { PREFIX } from '../routes.js';
import { checkAnswer, resolvePointer, sample } from '../shapes.js';

/**
 * Any operation of the spec without a handler of its own: checked like every request (auth,
 * faults, the body against its schema), answered with a value of its success schema.
 */
export async function handleOperation(mock: Mock, call: Call): Promise<void> {
  const { res, route } = call;
  if (route.body) {
    if (!(await readRequest(mock, call, route.body))) return;
  } else if (!checkAuth(call.req, res, mock.apiKeys) || (await answeredByFault(mock, call))) {
    return;
  }
  const pointer = `#/paths/${route.path.replace(/~/g, '~0').replace(/\//g, '~1')}/${route.method.toLowerCase()}/responses/${route.status}/content/application~1json/schema`;
  const schema = resolvePointer(pointer);
  if (!schema) {
    sendError(res, 501, {
      message: `${route.method} ${PREFIX}${route.path} answers no JSON in the spec, which the mock cannot make up.`,
      code: 'not_implemented',
    });
    return;
  }
  const answer = sample(schema);
  checkAnswer(pointer, answer);
  sendJson(res, route.status, answer);
}
