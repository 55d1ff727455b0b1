export {
  startMockServer,
  type MockServer,
  type MockServerOptions,
  type MockRequestRecord,
  type CassetteState,
} from './server.js';
export { parseFault, FaultSyntaxError, type Fault } from './faults.js';
export { composeReply, type Composed } from './reply/compose.js';
export { replyText } from './reply/plan.js';
export { loadTokenizer, type Tokenizer } from './reply/tokens.js';
export {
  MODEL_LATENCY,
  DEFAULT_LATENCY,
  type Pace,
  type Latency,
  type PaceOptions,
} from './pace.js';
export { spawnMockServer, type SpawnedMockServer } from './spawn.js';
export type { RateLimitOptions } from './rate-limit.js';
export type { CassetteMode, CassetteOptions } from './cassettes/index.js';
export type { Cassette, Interaction, RecordedEvent } from './cassettes/format.js';
export { MATCHED_FIELDS, type MatchRules } from './cassettes/match.js';
export type { Pacing } from './cassettes/replay.js';
export { generateTls, type GeneratedTls, type TlsIdentity } from './tls.js';
