import type { MiddlewareHandler } from 'hono';
import { isIP } from 'node:net';

/**
 * A defence against DNS rebinding. A page the operator visits can point its own name at
 * 127.0.0.1 and then call this server as if it were same-origin, using the operator's key.
 * Such requests still carry the attacker's name in `Host`, so only names we know are served:
 * loopback names, IP literals (a rebinding page cannot make its `Host` an address), and the
 * public names the operator lists (`ALLOWED_HOSTS`). The same rule as webpack-dev-server's
 * `allowedHosts: 'auto'`.
 */
export function allowedHosts(extra: readonly string[] = []): MiddlewareHandler {
  const names = extra.map((h) => h.trim().toLowerCase()).filter(Boolean);
  return async (c, next) => {
    const host = hostname(c.req.header('host') ?? new URL(c.req.url).host);
    if (host === undefined || !allowed(host, names)) {
      return c.text(
        `This demo does not answer to the host name "${printable(c.req.header('host') ?? '')}". ` +
          'If it is yours, start the demo with ALLOWED_HOSTS=<name>.\n',
        403,
      );
    }
    await next();
  };
}

/** The name in a Host header, without its port; undefined when it is not a name at all. */
export function hostname(header: string): string | undefined {
  const value = header.trim().toLowerCase();
  if (value.startsWith('[')) {
    const end = value.indexOf(']');
    return end > 0 ? value.slice(1, end) : undefined;
  }
  const name = value.replace(/:\d*$/, '');
  return /^[a-z0-9.-]+$/.test(name) ? name.replace(/\.$/, '') : undefined;
}

/**
 * Loopback and IP literals always; `example.com` listed allows that name, `.example.com` it
 * and every name under it.
 */
export function allowed(host: string, names: readonly string[]): boolean {
  if (host === 'localhost' || host.endsWith('.localhost') || isIP(host)) return true;
  return names.some((n) =>
    n.startsWith('.') ? host === n.slice(1) || host.endsWith(n) : host === n,
  );
}

const printable = (text: string) => text.replace(/[^\x20-\x7e]/g, '?').slice(0, 100);
