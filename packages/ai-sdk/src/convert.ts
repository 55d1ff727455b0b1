import type {
  LanguageModelV3CallOptions,
  LanguageModelV3FinishReason,
  LanguageModelV3Prompt,
  LanguageModelV3Usage,
  SharedV3Warning,
} from '@ai-sdk/provider';
import { REQUEST_RULES } from '@comput3/api/constants';
import type { ChatCompletionCreateParams, ChatMessage, Usage } from '@comput3/core';

/** The AI SDK's prompt as chat messages: system, user, assistant (with tool calls), tool results. */
function toMessages(prompt: LanguageModelV3Prompt, warnings: SharedV3Warning[]): ChatMessage[] {
  const messages: ChatMessage[] = [];
  for (const message of prompt) {
    switch (message.role) {
      case 'system':
        messages.push({ role: 'system', content: message.content });
        break;
      case 'user': {
        let text = '';
        for (const part of message.content) {
          if (part.type === 'text') text += part.text;
          else
            warnings.push({
              type: 'unsupported',
              feature: 'file parts',
              details: 'Comput3 models take text only.',
            });
        }
        messages.push({ role: 'user', content: text });
        break;
      }
      case 'assistant': {
        let text = '';
        const calls: NonNullable<ChatMessage['tool_calls']> = [];
        for (const part of message.content) {
          if (part.type === 'text') text += part.text;
          else if (part.type === 'tool-call') {
            calls.push({
              id: part.toolCallId,
              type: 'function',
              function: {
                name: part.toolName,
                arguments: typeof part.input === 'string' ? part.input : JSON.stringify(part.input),
              },
            });
          }
        }
        messages.push(
          calls.length
            ? { role: 'assistant', content: text || null, tool_calls: calls }
            : { role: 'assistant', content: text },
        );
        break;
      }
      case 'tool':
        for (const part of message.content) {
          if (part.type !== 'tool-result') continue;
          const { output } = part;
          const content =
            output.type === 'text' || output.type === 'error-text'
              ? output.value
              : output.type === 'json' || output.type === 'error-json'
                ? JSON.stringify(output.value)
                : output.type === 'execution-denied'
                  ? `Execution denied${output.reason ? `: ${output.reason}` : '.'}`
                  : JSON.stringify(output);
          messages.push({ role: 'tool', tool_call_id: part.toolCallId, content });
        }
        break;
    }
  }
  return messages;
}

/**
 * The AI SDK's call settings and the request field of the OpenAI wire format each becomes.
 * Which of them Comput3 takes is the spec's to say (REQUEST_RULES, generated from it): a field
 * the spec gains is sent from the day it is generated; the others are warnings.
 */
const SETTINGS = [
  ['topP', 'top_p'],
  ['topK', 'top_k'],
  ['presencePenalty', 'presence_penalty'],
  ['frequencyPenalty', 'frequency_penalty'],
  ['seed', 'seed'],
  ['stopSequences', 'stop'],
] as const;

/** The call options as request fields; what Comput3 does not take becomes a warning. */
export function toParams(
  modelId: string,
  options: LanguageModelV3CallOptions,
  warnings: SharedV3Warning[],
): ChatCompletionCreateParams {
  const fields = REQUEST_RULES.ChatCompletionRequest?.p ?? {};
  const passed: Record<string, unknown> = {};
  for (const [setting, field] of SETTINGS) {
    const value = options[setting];
    if (value === undefined) continue;
    // Sent when the spec has the field (its rules check the value before sending); else a warning.
    if (Object.hasOwn(fields, field)) passed[field] = value;
    else warnings.push({ type: 'unsupported', feature: setting });
  }
  const params: ChatCompletionCreateParams = {
    model: modelId,
    messages: toMessages(options.prompt, warnings),
    ...(options.maxOutputTokens !== undefined ? { max_tokens: options.maxOutputTokens } : {}),
    ...(options.temperature !== undefined ? { temperature: options.temperature } : {}),
    ...passed,
  };
  const format = options.responseFormat;
  if (format?.type === 'json') {
    params.response_format = format.schema
      ? {
          type: 'json_schema',
          json_schema: {
            name: format.name ?? 'response',
            ...(format.description ? { description: format.description } : {}),
            schema: format.schema as Record<string, unknown>,
          },
        }
      : { type: 'json_object' };
  }
  const tools = options.tools ?? [];
  if (tools.length) {
    params.tools = [];
    for (const tool of tools) {
      if (tool.type !== 'function') {
        warnings.push({ type: 'unsupported', feature: `provider tool ${tool.name}` });
        continue;
      }
      params.tools.push({
        type: 'function',
        function: {
          name: tool.name,
          ...(tool.description ? { description: tool.description } : {}),
          parameters: tool.inputSchema as Record<string, unknown>,
        },
      });
    }
    const choice = options.toolChoice;
    if (choice) {
      params.tool_choice =
        choice.type === 'tool'
          ? { type: 'function', function: { name: choice.toolName } }
          : choice.type;
    }
  }
  return params;
}

const FINISH: Record<string, LanguageModelV3FinishReason['unified']> = {
  stop: 'stop',
  length: 'length',
  tool_calls: 'tool-calls',
  content_filter: 'content-filter',
};

export const toFinishReason = (raw: string | null | undefined): LanguageModelV3FinishReason => ({
  unified: (raw && FINISH[raw]) || 'other',
  raw: raw ?? undefined,
});

/** A count from a server, when it is one: a whole number ≥ 0. */
const whole = (n: unknown) =>
  Number.isSafeInteger(n) && (n as number) >= 0 ? (n as number) : undefined;

export const toUsage = (usage: Usage | undefined): LanguageModelV3Usage => {
  const reasoning = whole(usage?.completion_tokens_details?.reasoning_tokens);
  const total = usage?.completion_tokens;
  return {
    inputTokens: {
      total: usage?.prompt_tokens,
      noCache: undefined,
      cacheRead: undefined,
      cacheWrite: undefined,
    },
    outputTokens: {
      total,
      // Of the completion tokens, those that are the answer's: the rest were spent reasoning.
      text: total !== undefined && reasoning !== undefined ? total - reasoning : total,
      reasoning,
    },
    ...(usage ? { raw: { ...usage } } : {}),
  };
};

/**
 * Response headers as the AI SDK takes them. `Object.fromEntries` defines each name as a key of
 * its own, so a server's `__proto__` header is a header, not a prototype.
 */
export const headersOf = (response: { headers: Headers } | undefined): Record<string, string> =>
  Object.fromEntries(response?.headers ?? []);
