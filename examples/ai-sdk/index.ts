import { generateText, streamText } from 'ai';
import { close, comput3 } from './provider.js';

// generateText: the whole answer, with the usage the model reported.
const { text, usage } = await generateText({
  model: comput3('kimi-k2'),
  prompt: 'Name three rivers',
});
// Offline, the first line says it is the mock: the answer's first line follows it.
const firstLine = text.split('\n').find((line) => line && !line.startsWith('*Offline mock'));
console.log(`generateText: ${firstLine}`);
console.log(`  ${usage.inputTokens} + ${usage.outputTokens} tokens`);

// streamText: the text as it comes.
const result = streamText({
  model: comput3('hermes4:70b'),
  prompt: 'What is the capital of France?',
});
process.stdout.write('streamText: ');
for await (const piece of result.textStream) process.stdout.write(piece);
console.log(`\n  finish reason: ${await result.finishReason}`);

await close();
