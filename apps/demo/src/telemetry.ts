/**
 * Traces for the demo server's upstream calls, when OTEL_EXPORTER_OTLP_ENDPOINT says where to
 * send them: a span per chat completion (@comput3/core/otel), batched and exported over
 * OTLP/HTTP (the exporter reads OTEL_EXPORTER_OTLP_ENDPOINT and _HEADERS itself). Prompts are
 * not recorded. Loaded only when the variable is set.
 */
import type { CallObserver } from '@comput3/core';
import { openTelemetry } from '@comput3/core/otel';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';

export function tracing(): { observe: CallObserver; shutdown(): Promise<void> } {
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({
      'service.name': process.env.OTEL_SERVICE_NAME || 'comput3-demo',
    }),
    spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter())],
  });
  return {
    observe: openTelemetry({ tracer: provider.getTracer('@comput3/demo') }),
    // Sends what is still batched: called when the demo closes.
    shutdown: () => provider.shutdown(),
  };
}
