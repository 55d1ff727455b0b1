// @comput3/core/otel with the OpenTelemetry SDK: spans and metrics as the GenAI conventions
// name them, read back from the SDK's in-memory exporters, and sent over OTLP/HTTP to a
// receiver this test starts on loopback.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import {
  AggregationTemporality,
  InMemoryMetricExporter,
  MeterProvider,
  PeriodicExportingMetricReader,
} from '@opentelemetry/sdk-metrics';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { startMockServer, type MockServer } from '@comput3/mock';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { metrics, trace } from '@opentelemetry/api';
import { Comput3 } from '../src/index.js';
import { openTelemetry } from '../src/otel/index.js';

const KEY = 'sk-otel-test-SECRET-77';
let mock: MockServer;
beforeAll(async () => {
  mock = await startMockServer({ pace: 'realistic', ttftMs: 30, tokensPerSecond: 2000 });
});
afterAll(() => mock.close());

function setup(captureContent = false) {
  const spans = new InMemorySpanExporter();
  const tracerProvider = new BasicTracerProvider({
    spanProcessors: [new SimpleSpanProcessor(spans)],
  });
  const metricExporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
  const reader = new PeriodicExportingMetricReader({
    exporter: metricExporter,
    exportIntervalMillis: 3_600_000,
  });
  const meterProvider = new MeterProvider({ readers: [reader] });
  const client = new Comput3({
    apiKey: KEY,
    baseURL: mock.url,
    observe: openTelemetry({
      tracer: tracerProvider.getTracer('test'),
      meter: meterProvider.getMeter('test'),
      captureContent,
    }),
  });
  const histograms = async () => {
    await reader.forceFlush();
    const points = new Map<
      string,
      { attributes: Record<string, unknown>; sum: number; count: number }[]
    >();
    for (const rm of metricExporter.getMetrics())
      for (const sm of rm.scopeMetrics)
        for (const m of sm.metrics)
          points.set(
            m.descriptor.name,
            m.dataPoints.map((p) => ({
              attributes: p.attributes,
              sum: (p.value as { sum: number }).sum,
              count: (p.value as { count: number }).count,
            })),
          );
    return points;
  };
  return { client, spans, histograms };
}

const ask = {
  model: 'kimi-k2',
  messages: [{ role: 'user' as const, content: 'Name three rivers' }],
};

describe('openTelemetry()', () => {
  test('a streamed call is one CLIENT span with the GenAI attributes and a first-token event', async () => {
    const { client, spans, histograms } = setup();
    const stream = await client.chat.completions.create({
      ...ask,
      max_tokens: 200,
      temperature: 0.2,
      seed: 7,
      stream: true,
      stream_options: { include_usage: true },
    });
    const done = await stream.finalCompletion();
    const [span, ...more] = spans.getFinishedSpans();
    expect(more).toHaveLength(0);
    expect(span!.name).toBe('chat kimi-k2');
    expect(span!.kind).toBe(2); // SpanKind.CLIENT
    const url = new URL(mock.url);
    expect(span!.attributes).toEqual({
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'comput3',
      'gen_ai.request.model': 'kimi-k2',
      'gen_ai.request.max_tokens': 200,
      'gen_ai.request.temperature': 0.2,
      'gen_ai.request.seed': 7,
      'server.address': url.hostname,
      'server.port': Number(url.port),
      'gen_ai.response.model': 'kimi-k2',
      'gen_ai.response.id': done.id,
      'gen_ai.response.finish_reasons': ['stop'],
      'gen_ai.usage.input_tokens': done.usage!.prompt_tokens,
      'gen_ai.usage.output_tokens': done.usage!.completion_tokens,
      'comput3.request_id': stream.requestId,
    });
    expect(span!.events.map((e) => e.name)).toEqual(['gen_ai.client.first_token']);
    expect(span!.events[0]!.attributes!['gen_ai.client.time_to_first_token']).toBeGreaterThan(0);
    // The prompt and the answer are not recorded unless asked for.
    expect(JSON.stringify(span!.attributes)).not.toContain('rivers');
    const points = await histograms();
    const usage = points.get('gen_ai.client.token.usage')!;
    expect(usage.map((p) => [p.attributes['gen_ai.token.type'], p.sum])).toEqual([
      ['input', done.usage!.prompt_tokens],
      ['output', done.usage!.completion_tokens],
    ]);
    const [duration] = points.get('gen_ai.client.operation.duration')!;
    expect(duration!.count).toBe(1);
    expect(duration!.sum).toBeCloseTo(done.metrics.durationMs / 1000, 2);
    expect(duration!.attributes).toMatchObject({
      'gen_ai.operation.name': 'chat',
      'gen_ai.response.model': 'kimi-k2',
    });
  });

  test('retries are events on the span; a failure sets error.type and the ERROR status', async () => {
    const { client, spans, histograms } = setup();
    mock.injectFaults('status=503; times=1; retry-after=0');
    await client.chat.completions.create(ask);
    const retried = spans.getFinishedSpans().at(-1)!;
    expect(retried.events.map((e) => [e.name, e.attributes?.['error.type']])).toEqual([
      ['gen_ai.client.retry', '503'],
    ]);
    expect(retried.attributes['comput3.retries']).toBe(1);
    mock.injectFaults('status=401');
    await expect(client.chat.completions.create(ask)).rejects.toThrow();
    const failed = spans.getFinishedSpans().at(-1)!;
    expect(failed.attributes['error.type']).toBe('401');
    expect(failed.status.code).toBe(2); // SpanStatusCode.ERROR
    // The exception's type is its class, not its code (`invalid_api_key`).
    const exception = failed.events.find((e) => e.name === 'exception');
    expect(exception?.attributes?.['exception.type']).toBe('AuthenticationError');
    // The key never reaches a span, its events or its status.
    expect(JSON.stringify([failed.attributes, failed.events, failed.status])).not.toContain(KEY);
    const durations = (await histograms()).get('gen_ai.client.operation.duration')!;
    expect(durations.some((p) => p.attributes['error.type'] === '401')).toBe(true);
  });

  test('a fallback: each model that failed, why, and which answered, on the span', async () => {
    const { client, spans } = setup();
    await client.chat.completions.create(ask, {
      fallback: ['qwen3-max'],
      headers: { 'x-mock-overloaded': ask.model },
    });
    const span = spans.getFinishedSpans().at(-1)!;
    expect(span.name).toBe(`chat ${ask.model}`);
    expect(span.events.map((e) => [e.name, e.attributes])).toEqual([
      ['comput3.fallback', { 'gen_ai.request.model': 'qwen3-max', 'error.type': '503' }],
    ]);
    expect(span.attributes).toMatchObject({
      'gen_ai.request.model': ask.model,
      'gen_ai.response.model': 'qwen3-max',
      'comput3.fallback.models': [ask.model],
      'comput3.fallback.errors': ['503'],
    });
    expect(span.attributes['comput3.retries']).toBeUndefined();
  });

  test('by default the global providers are asked for the scope @comput3/core, with a version', () => {
    const tracer = vi.spyOn(trace, 'getTracer');
    const meter = vi.spyOn(metrics, 'getMeter');
    openTelemetry();
    expect(tracer).toHaveBeenCalledWith('@comput3/core', expect.stringMatching(/^\d+\.\d+\.\d+/));
    expect(meter).toHaveBeenCalledWith('@comput3/core', expect.stringMatching(/^\d+\.\d+\.\d+/));
    tracer.mockRestore();
    meter.mockRestore();
  });

  test('captureContent records the prompt and the answer', async () => {
    const { client, spans } = setup(true);
    const done = await client.chat.completions.create(ask);
    const span = spans.getFinishedSpans()[0]!;
    expect(JSON.parse(span.attributes['gen_ai.input.messages'] as string)).toEqual(ask.messages);
    expect(JSON.parse(span.attributes['gen_ai.output.messages'] as string)).toEqual([
      done.choices[0]!.message,
    ]);
  });
});

describe('over OTLP/HTTP', () => {
  let receiver: Server;
  const received: { path: string; body: any }[] = [];
  beforeAll(async () => {
    receiver = createServer(async (req, res) => {
      let body = '';
      for await (const part of req) body += part;
      received.push({ path: req.url!, body: JSON.parse(body) });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{}');
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  });
  afterAll(() => new Promise((r) => receiver.close(r)));

  test('the span arrives at a collector with its attributes', async () => {
    const { port } = receiver.address() as AddressInfo;
    const exporter = new OTLPTraceExporter({ url: `http://127.0.0.1:${port}/v1/traces` });
    const provider = new BasicTracerProvider({
      spanProcessors: [new SimpleSpanProcessor(exporter)],
    });
    const client = new Comput3({
      apiKey: KEY,
      baseURL: mock.url,
      observe: openTelemetry({ tracer: provider.getTracer('otlp-test') }),
    });
    await client.chat.completions.create(ask);
    await provider.forceFlush();
    await expect.poll(() => received.length).toBeGreaterThan(0);
    const sent = received[0]!;
    expect(sent.path).toBe('/v1/traces');
    const span = sent.body.resourceSpans[0].scopeSpans[0].spans[0];
    expect(span.name).toBe('chat kimi-k2');
    const attributes = Object.fromEntries(
      span.attributes.map((a: { key: string; value: Record<string, unknown> }) => [
        a.key,
        Object.values(a.value)[0],
      ]),
    );
    expect(attributes).toMatchObject({
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'comput3',
      'gen_ai.request.model': 'kimi-k2',
      'gen_ai.response.model': 'kimi-k2',
      'server.address': '127.0.0.1',
    });
    expect(Number(attributes['gen_ai.usage.output_tokens'])).toBeGreaterThan(0);
    expect(JSON.stringify(sent.body)).not.toContain(KEY);
    await provider.shutdown();
  });
});
