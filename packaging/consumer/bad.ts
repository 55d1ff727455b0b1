// Must NOT compile: the check passes only if tsc rejects this file, naming the field.
import { Comput3 } from '@comput3/core';

const client = new Comput3({ apiKey: 'k' });
await client.chat.completions.create({
  model: 'kimi-k2',
  messages: [{ role: 'user', content: 'x' }],
  temperature: 'hot',
});
