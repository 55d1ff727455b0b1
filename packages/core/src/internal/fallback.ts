import { REQUEST_RULES } from '@comput3/api/constants';
import type { CallMetrics } from '../metrics.js';
import { fallBackWith } from './fallback-hook.js';
import { checkHedge, hedged } from './hedge.js';
import { check, fail } from './validate.js';

/**
 * Fallback to other models (the `fallback` request option). send() asks `call.next` after each
 * retryable failure; this moves the call to the next model at once, its body rewritten with that
 * model, and notes the failed one on the call's figures. After the last model it goes back to
 * the first and answers false: then the retry rule waits, and the list runs again. A stream
 * comes back to send() only before its first token, so an answer is never spliced. With
 * `hedge`, the models race instead (hedge.ts).
 */
export function installFallback(): void {
  fallBackWith((call, params, { fallback, hedge }, meter) => {
    if (!fallback) fail('options.hedge', 'races the models of options.fallback: give fallback too');
    check(
      { t: 'a', i: REQUEST_RULES.ChatCompletionRequest!.p!.model },
      fallback,
      'options.fallback',
    );
    const models = [params.model, ...(fallback as string[])];
    let at = 0;
    // On the call's figures (calls without a fallback have none).
    const fallbacks: NonNullable<CallMetrics['fallbacks']> = (meter.fallbacks = []);
    if (hedge !== undefined) {
      call.open = hedged(params, models, checkHedge(hedge), meter, fallbacks);
      return;
    }
    call.next = (error) => {
      fallbacks.push({ model: models[at]!, error });
      at = (at + 1) % models.length;
      call.body = JSON.stringify({ ...params, model: models[at] });
      meter.listener?.fallback?.(models[at]!, error);
      return at > 0;
    };
  });
}
