import { createComput3 } from '@comput3/ai-sdk';
import { startMockServer } from '@comput3/mock';

// Offline by default, against a local mock. With COMPUT3_API_KEY set, the real API.
const mock = process.env.COMPUT3_API_KEY ? undefined : await startMockServer({ pace: 'realistic' });
export const comput3 = createComput3(mock ? { apiKey: 'offline', baseURL: mock.url } : {});
export const close = async () => mock?.close();
