import type { operations } from '@comput3/api';
import type { Call, Mock } from '../context.js';
import { handleChat } from './chat.js';
import { handleModels } from './models.js';
import { handleOperation } from './operation.js';

export type Handler = (mock: Mock, call: Call) => Promise<void>;

// The operations with a reply of their own; every other operation of the spec is answered by
// handleOperation. Keyed by the generated `operations`, so an operationId the spec renames or
// drops fails to compile here.
const HANDLERS: { [id in keyof operations]?: Handler } = {
  createChatCompletion: handleChat,
  listModels: handleModels,
};

/** The handler of an operation of the spec. */
export const handlerFor = (operationId: string): Handler =>
  HANDLERS[operationId as keyof operations] ?? handleOperation;
