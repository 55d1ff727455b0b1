import { APIConnectionError } from '../errors.js';
import { followRedirectsWith } from './transport.js';

/**
 * Redirects, on servers: followed by the transport, not by fetch, which would send the prompt
 * and every header (the key's included) on to whatever origin a server names. Same origin only,
 * at most five hops; 303, and 301/302 after a POST, become a GET without the body, as fetch
 * does. Installed by the server entry: a browser never sees where a redirect leads (it gets an
 * opaque one), so its build leaves this out and says so. Internal.
 */
const MAX_REDIRECTS = 5;

export function installRedirects(): void {
  followRedirectsWith((from, location, response, hops, init) => {
    const what = `${init.method} ${from}`;
    const refuse = (why: string) => {
      throw new APIConnectionError(`${what} ${why}`, { permanent: true });
    };
    let to: URL;
    try {
      to = new URL(location, from);
    } catch {
      return refuse(`was redirected (${response.status}) to an address that is not a URL.`);
    }
    if (to.origin !== new URL(from).origin) {
      return refuse(
        `was redirected (${response.status}) to another origin, ${to.origin}: the SDK follows same-origin redirects only, so neither the request nor its headers went there. If you trust it, set baseURL to it.`,
      );
    }
    if (hops >= MAX_REDIRECTS) return refuse(`was redirected more than ${MAX_REDIRECTS} times.`);
    if (response.status === 303 || (response.status < 307 && init.method === 'POST')) {
      init.method = 'GET';
      init.body = undefined;
    }
    return to.href;
  });
}
