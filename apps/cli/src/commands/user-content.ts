import type { ChatCompletionRequest } from '@comput3/core';
import { CliError } from '../cli-error.js';
import type { Options } from '../options.js';
import { forName } from '../render/safe-output.js';
import { paint } from '../render/terminal.js';

async function readStdin(): Promise<string> {
  const parts: Buffer[] = [];
  for await (const part of process.stdin as AsyncIterable<Buffer>) parts.push(part);
  return Buffer.concat(parts).toString('utf8');
}

/**
 * The user's message for `comput3 "prompt"` (one model or several): piped text, then the
 * prompt words, then the -f files under their names (`content`), and what the person typed
 * (`typed`, when there is more to the message than that: the log lists conversations by it).
 * Every file is read and checked before anything is sent; with --stats, stderr says how many
 * tokens the files add.
 */
export async function userContent(options: Options): Promise<{ content: string; typed?: string }> {
  // With --messages the conversation may already end with the question.
  const optional = options.messages !== undefined;
  const piped = process.stdin.isTTY ? '' : (await readStdin()).trimEnd();
  const prompt = options.args.join(' ').trim();
  let files = '';
  if (options.files.length) {
    const { estimateTokens, formatAttachments, readAttachments } = await import('./files.js');
    const read = readAttachments(options.files);
    files = formatAttachments(read.files);
    const err = paint(process.stderr);
    if (read.skipped.length) {
      process.stderr.write(`${err.dim(`not sent: ${read.skipped.map(forName).join(', ')}`)}\n`);
    }
    if (options.stats) {
      const n = read.files.length;
      process.stderr.write(
        `${err.dim(`files: ${n} file${n === 1 ? '' : 's'}, about ${(await estimateTokens(files)).toLocaleString('en-US')} tokens`)}\n`,
      );
    }
  }
  const content = [piped, prompt, files].filter(Boolean).join('\n\n');
  if (!content && !optional) {
    throw new CliError(
      'Nothing to ask: give a prompt, as in comput3 "hello", or pipe text in. See comput3 --help.',
    );
  }
  return prompt && prompt !== content ? { content, typed: prompt } : { content };
}

/** What a request needs from the flags, beside the messages. */
export function requestParams(
  options: Options,
  model: string,
): Omit<ChatCompletionRequest, 'messages' | 'stream' | 'stream_options'> {
  return {
    model,
    ...(options.maxTokens !== undefined ? { max_tokens: options.maxTokens } : {}),
    ...(options.temperature !== undefined ? { temperature: options.temperature } : {}),
    ...(options.seed !== undefined ? { seed: options.seed } : {}),
  };
}
