import { Comput3 } from '@comput3/core';
import { parse, runTools } from '@comput3/core/tools';
import { startMockServer } from '@comput3/mock';
import { z } from 'zod';

// Offline by default, against a local mock (it calls tools and writes JSON as a model would).
// With COMPUT3_API_KEY set, the real API.
const mock = process.env.COMPUT3_API_KEY ? undefined : await startMockServer();
const client = new Comput3(mock ? { apiKey: 'offline', baseURL: mock.url } : {});

// 1. An agent: the model asks for a tool, runTools runs it and sends the result back, until the
//    model answers in text. Each step can be watched as it happens.
const run = runTools(client, {
  model: 'qwen3-coder:480b',
  messages: [{ role: 'user', content: 'What is the weather in Lisbon? Use get_weather.' }],
  tools: [
    {
      name: 'get_weather',
      description: 'The current weather in a city',
      parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
      run: async ({ city }: { city: string }) => ({ city, temperature: 19, sky: 'clear' }),
    },
  ],
});
for await (const step of run) {
  if (step.type === 'tool_call')
    console.log(`tool call: ${step.call.function.name}(${step.call.function.arguments})`);
  if (step.type === 'tool_result') console.log(`tool result: ${step.content}`);
}
console.log(`answer: ${(await run.done()).content?.trim().split('\n').at(-1)}`);

// 2. Structured output: the answer as JSON that fits a zod schema, checked before it is used.
const Trip = z.object({
  city: z.string(),
  days: z.number().int().positive(),
  highlights: z.array(z.string()),
});
const { parsed } = await parse(client, {
  model: 'kimi-k2',
  messages: [{ role: 'user', content: 'Plan a trip: a city and a number of days.' }],
  schema: Trip,
  jsonSchema: z.toJSONSchema(Trip),
});
// `parsed` is typed from the schema: { city: string; days: number; highlights: string[] }
console.log(`trip: ${parsed.days} days in ${parsed.city} (${parsed.highlights.length} highlights)`);

await mock?.close();
