/**
 * `@comput3/core/otel`: OpenTelemetry for the SDK, following the GenAI semantic conventions.
 *
 *     import { openTelemetry } from '@comput3/core/otel';
 *     const client = new Comput3({ observe: openTelemetry() });
 *
 * Each chat completion is a CLIENT span named `chat {model}`, with the request's and the
 * answer's attributes, an event for the first token and one for each retry; its duration and
 * token counts go to the `gen_ai.client.operation.duration` and `gen_ai.client.token.usage`
 * histograms. Prompts and answers are recorded only with `captureContent: true`.
 * `@opentelemetry/api` is an optional peer: install it (and an SDK) to use this entry.
 *
 * @module otel
 */
import {
  metrics,
  SpanKind,
  SpanStatusCode,
  trace,
  type Attributes,
  type Meter,
  type Tracer,
} from '@opentelemetry/api';
import type { CallInfo, CallListener, CallMetrics, CallObserver } from '../metrics.js';

/** The options of {@link openTelemetry}; each defaults to the global one from `@opentelemetry/api`. */
export interface OpenTelemetryOptions {
  /** Default: the global tracer provider's tracer `@comput3/core`, at this package's version. */
  tracer?: Tracer;
  /** Default: the global meter provider's meter `@comput3/core`. */
  meter?: Meter;
  /**
   * Record the prompt and the answer as `gen_ai.input.messages` and `gen_ai.output.messages`
   * (JSON). Off by default: they may hold personal or secret data.
   */
  captureContent?: boolean;
}

// `gen_ai.provider.name`, which replaced the deprecated `gen_ai.system` in the conventions.
const PROVIDER = 'comput3';
const NAME = '@comput3/core';
// The instrumentation scope's version: this package's, written in by the build (tsdown's
// `define`); a run from source (the tests) says so.
declare const __COMPUT3_CORE_VERSION__: string | undefined;
const VERSION =
  typeof __COMPUT3_CORE_VERSION__ === 'string' ? __COMPUT3_CORE_VERSION__ : '0.0.0-source';

/** An observer for `new Comput3({ observe })` that records spans and metrics. */
export function openTelemetry(options: OpenTelemetryOptions = {}): CallObserver {
  const tracer = options.tracer ?? trace.getTracer(NAME, VERSION);
  const meter = options.meter ?? metrics.getMeter(NAME, VERSION);
  const duration = meter.createHistogram('gen_ai.client.operation.duration', {
    description: 'GenAI operation duration',
    unit: 's',
    advice: {
      explicitBucketBoundaries: [
        0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92,
      ],
    },
  });
  const tokens = meter.createHistogram('gen_ai.client.token.usage', {
    description: 'Measures number of input and output tokens used',
    unit: '{token}',
    advice: {
      explicitBucketBoundaries: [
        1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216,
      ],
    },
  });

  return (call: CallInfo): CallListener => {
    const base: Attributes = {
      'gen_ai.operation.name': call.operation,
      'gen_ai.provider.name': PROVIDER,
      'gen_ai.request.model': call.model,
      ...server(call.baseURL),
    };
    const { request } = call;
    const span = tracer.startSpan(`${call.operation} ${call.model}`, {
      kind: SpanKind.CLIENT,
      attributes: {
        ...base,
        ...(request.max_tokens !== undefined
          ? { 'gen_ai.request.max_tokens': request.max_tokens }
          : {}),
        ...(request.temperature !== undefined
          ? { 'gen_ai.request.temperature': request.temperature }
          : {}),
        ...(request.seed !== undefined ? { 'gen_ai.request.seed': request.seed } : {}),
        ...(options.captureContent
          ? { 'gen_ai.input.messages': JSON.stringify(request.messages) }
          : {}),
      },
    });
    return {
      retry(attempt, error, delayMs) {
        span.addEvent('gen_ai.client.retry', {
          'retry.attempt': attempt,
          'retry.delay_ms': delayMs,
          'error.type': errorType(error),
        });
      },
      fallback(next, error) {
        // Which model did not answer and why, and which is asked next.
        span.addEvent('comput3.fallback', {
          'gen_ai.request.model': next,
          'error.type': errorType(error),
        });
      },
      firstToken(ms) {
        span.addEvent('gen_ai.client.first_token', {
          'gen_ai.client.time_to_first_token': ms / 1000,
        });
      },
      end(m, completion) {
        const answered: Attributes = { ...base, 'gen_ai.response.model': m.model };
        span.setAttributes({
          'gen_ai.response.model': m.model,
          ...(completion?.id ? { 'gen_ai.response.id': completion.id } : {}),
          ...(completion
            ? {
                'gen_ai.response.finish_reasons': completion.choices.map(
                  (c) => c.finish_reason ?? 'unknown',
                ),
              }
            : {}),
          ...(m.promptTokens !== undefined ? { 'gen_ai.usage.input_tokens': m.promptTokens } : {}),
          ...(m.completionTokens !== undefined
            ? { 'gen_ai.usage.output_tokens': m.completionTokens }
            : {}),
          ...(m.estimated ? { 'comput3.usage.estimated': true } : {}),
          ...(m.requestId ? { 'comput3.request_id': m.requestId } : {}),
          ...(m.retries ? { 'comput3.retries': m.retries } : {}),
          ...fellBack(m),
          ...(options.captureContent && completion
            ? {
                'gen_ai.output.messages': JSON.stringify(completion.choices.map((c) => c.message)),
              }
            : {}),
        });
        span.end();
        duration.record(m.durationMs / 1000, answered);
        if (m.promptTokens !== undefined)
          tokens.record(m.promptTokens, { ...answered, 'gen_ai.token.type': 'input' });
        if (m.completionTokens !== undefined)
          tokens.record(m.completionTokens, { ...answered, 'gen_ai.token.type': 'output' });
      },
      error(error, m) {
        const type = errorType(error);
        span.setAttributes({
          'error.type': type,
          ...(m.requestId ? { 'comput3.request_id': m.requestId } : {}),
          ...(m.retries ? { 'comput3.retries': m.retries } : {}),
          ...fellBack(m),
        });
        // The class as `exception.type`: given the error itself, OpenTelemetry would take its
        // `code` (`invalid_api_key`) for the type.
        if (error instanceof Error)
          span.recordException({ name: error.name, message: error.message, stack: error.stack });
        span.setStatus({
          code: SpanStatusCode.ERROR,
          message: error instanceof Error ? error.message : String(error),
        });
        span.end();
        duration.record(m.durationMs / 1000, { ...base, 'error.type': type });
      },
    };
  };
}

/** `error.type`: the HTTP status for an API error (as the conventions ask), else the class. */
function errorType(error: unknown): string {
  const status = (error as { status?: unknown } | undefined)?.status;
  if (typeof status === 'number') return String(status);
  return error instanceof Error ? error.name : '_OTHER';
}

function server(baseURL: string): Attributes {
  try {
    const url = new URL(baseURL);
    const port = url.port ? Number(url.port) : url.protocol === 'https:' ? 443 : 80;
    return { 'server.address': url.hostname, 'server.port': port };
  } catch {
    return {};
  }
}

/** The models that failed before the one that answered, and why, in order. */
function fellBack(m: CallMetrics): Attributes {
  const failed = m.fallbacks ?? [];
  return failed.length
    ? {
        'comput3.fallback.models': failed.map((f) => f.model),
        'comput3.fallback.errors': failed.map((f) => errorType(f.error)),
      }
    : {};
}
