import type { ChatCompletionRequest } from '@comput3/api';
import type { Meter } from '../metrics.js';
import type { Call, RequestOptions } from '../request.js';
import { fail } from './validate.js';

type UseFallback = (
  call: Call,
  params: ChatCompletionRequest,
  options: RequestOptions,
  meter: Meter,
) => void;

/**
 * Sets a call up to move to the next model of `fallback` after a failure, or with `hedge` to
 * race them (fallback.ts, hedge.ts). Installed by the server entry: a page calls a relay, and
 * the relay, on the server, falls back. A browser build refuses the option. Internal.
 */
export let useFallback: UseFallback = () => fail('options.fallback', 'is for servers');
export const fallBackWith = (f: UseFallback) => void (useFallback = f);
