/**
 * Traces for the CLI's calls, when OTEL_EXPORTER_OTLP_ENDPOINT says where to send them: a
 * span per chat completion (@comput3/core/otel), exported over OTLP/HTTP (the exporter reads
 * OTEL_EXPORTER_OTLP_ENDPOINT and OTEL_EXPORTER_OTLP_HEADERS itself). Loaded only then, so
 * start-up is not slowed for anyone else.
 */
import type { CallObserver } from '@comput3/core';
import { openTelemetry } from '@comput3/core/otel';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';

export function tracing(): { observe: CallObserver; flush(): Promise<void> } {
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({
      'service.name': process.env.OTEL_SERVICE_NAME || 'comput3-cli',
      'service.version': __VERSION__,
    }),
    // One span a command: sent as it ends, and awaited before the CLI exits.
    spanProcessors: [new SimpleSpanProcessor(new OTLPTraceExporter())],
  });
  return {
    observe: openTelemetry({ tracer: provider.getTracer('@comput3/cli', __VERSION__) }),
    flush: () => provider.shutdown(),
  };
}
