// @comput3/ai-sdk, compiled as an ES module only: the AI SDK 7 it plugs into is ESM and needs
// Node 22.
import { createComput3 } from '@comput3/ai-sdk';

export const model = createComput3({ apiKey: 'k' })('kimi-k2');
