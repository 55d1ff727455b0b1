/**
 * `@comput3/batch`: a JSONL file of requests answered into another, each line once, at the pace
 * of one shared rate limit, resumable after any crash. `@comput3/batch/redis` spreads the same
 * work over many machines through BullMQ.
 *
 * @module main
 */
export { runBatch, BatchInputError, type BatchOptions } from './run.js';
export { readItems, itemOf, type BatchItem, type BadLine, type InputOptions } from './input.js';
export { parseTemplate, type Template } from './template.js';
export type { BatchResult, BatchError } from './result.js';
export type { BatchProgress, BatchSummary } from './tally.js';
export type { OutputMode, Answered } from './output.js';
