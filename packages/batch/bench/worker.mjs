// One bench worker: 4 lines at a time, each slowed to 40 ms by the mock, until stdin closes.
import { Comput3 } from '@comput3/core';
import { createWorker } from '@comput3/batch/redis';

const [redis, baseURL, rpm] = process.argv.slice(2);
const worker = await createWorker({
  redis,
  client: new Comput3({ apiKey: 'k-bench', baseURL, maxRetries: 2 }),
  concurrency: 4,
  requestsPerMinute: Number(rpm),
  requestOptions: { headers: { 'x-mock-fault': 'delay-headers=40' } },
});
process.stdin.resume();
process.stdin.on('end', async () => {
  await worker.close();
  process.exit(0);
});
