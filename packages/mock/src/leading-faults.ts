import type { Call, Mock } from './context.js';
import { header } from './context.js';
import type { Fault } from './faults.js';
import { HTML_502, retryHeaders, sendError } from './respond.js';

/**
 * Where a scripted fault is dispatched (faults.ts parses them). The ones that replace the answer
 * act here, before it starts: a delay before the headers, a connection dropped before them, an
 * HTML 502, an error status. The ones inside an answer (a delay between chunks, a drop after N,
 * broken JSON, no finish, no `[DONE]`, SSE noise, CRLF) are the answer's (chat.ts,
 * event-writer.ts), which read `call.entry.fault`.
 */

/** Takes the next scripted fault for this call; true when it replaced the answer. */
export async function answeredByFault(mock: Mock, { req, res, entry }: Call): Promise<boolean> {
  const fault = mock.faults.next(header(req, 'x-mock-fault'));
  entry.fault = fault;
  return fault !== undefined && (await applyLeadingFault(mock, fault, { req, res }));
}

/** Applies the faults that replace the answer; true when the response is already dealt with. */
async function applyLeadingFault(
  mock: Mock,
  fault: Fault,
  { req, res }: Pick<Call, 'req' | 'res'>,
): Promise<boolean> {
  if (fault.delayHeaders) {
    await mock.sleep(fault.delayHeaders);
    if (res.destroyed) return true;
  }
  if (fault.dropBeforeHeaders) {
    req.socket.destroy();
    return true;
  }
  if (fault.html502) {
    res.writeHead(502, { 'content-type': 'text/html', ...retryHeaders(fault) });
    res.end(HTML_502);
    return true;
  }
  if (fault.status !== undefined) {
    sendError(res, fault.status, { headers: retryHeaders(fault) });
    return true;
  }
  return false;
}
