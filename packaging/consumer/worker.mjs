// Entry for workerd (Cloudflare Workers), bundled with esbuild and run by miniflare.
import { smoke } from './smoke.js';

export default {
  async fetch(_request, env) {
    try {
      return new Response(await smoke(env.BASE_URL));
    } catch (error) {
      return new Response(`FAIL ${error.stack ?? error}`, { status: 500 });
    }
  },
};
