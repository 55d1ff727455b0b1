export {
  startMockServer,
  type MockServer,
  type MockServerOptions,
  type MockRequestRecord,
} from './server.js';
export { parseFault, FaultSyntaxError, type Fault } from './faults.js';
export { tokenize, countTokens } from './reply.js';
export { spawnMockServer, type SpawnedMockServer } from './spawn.js';
