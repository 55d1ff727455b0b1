import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FaultPlan } from './faults.js';
import type { PaceOptions } from './pace.js';
import type { Route } from './routes.js';
import type { MockRequestRecord } from './server.js';

/** What every handler of a running mock shares, made once by startMockServer. Internal. */
export interface Mock {
  /** The model ids served; others get 404 `model_not_found`. */
  models: ReadonlySet<string>;
  /** Served models answered 503 `overloaded` (see `overloaded` in the options). */
  overloaded: ReadonlySet<string>;
  /** The bearer tokens accepted; any well-formed one when undefined. */
  apiKeys: ReadonlySet<string> | undefined;
  /** Largest accepted request body, in bytes. */
  maxBodyBytes: number;
  /** The scripted faults still to come. */
  faults: FaultPlan;
  /** How answers are paced, unless a request's headers say otherwise. */
  pace: PaceOptions;
  /** Keep each request's parsed body on its record. */
  recordBodies: boolean;
  /** How to get a real answer, said where the mock has none. */
  realAnswer: string;
  /** A wait that `close()` cuts short. */
  sleep(ms: number): Promise<void>;
  /** The id of the next chat completion: `chatcmpl-mock1`, `chatcmpl-mock2`, … */
  nextCompletionId(): string;
}

/** One request being answered. Internal. */
export interface Call {
  req: IncomingMessage;
  res: ServerResponse;
  /** What the server records of it (`requests`). */
  entry: MockRequestRecord;
  /** The operation of the spec it asked for. */
  route: Route;
}

/** A request header as one string (repeated headers joined with `;`). */
export function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value.join(';') : value;
}
