// DNS-rebinding protection for the HTTP transport: a page on evil.example that rebinds its name to 127.0.0.1 sends
// `Host: evil.example` (and its own Origin), so only the names this server was bound as, and only its own origins
// (plus the ones the operator allows for browser clients), get through. The SDK's own allowedHosts options are
// deprecated in favour of doing this in front of the transport, which is what this is.

import { quoteInput, safeText } from '../core/domain/quote-input.js';

export interface BoundAddress {
  /** As given to listen: an IPv4 literal, an IPv6 literal without brackets, or `localhost`. */
  readonly host: string;
  readonly port: number;
}

export interface HttpGuardPolicy {
  /** Accepted `Host` header values (`host:port`, lower case). */
  readonly hosts: ReadonlySet<string>;
  /** Accepted `Origin` header values; a request without an Origin (not from a browser) is not checked. */
  readonly origins: ReadonlySet<string>;
}

export function isLoopbackHost(host: string): boolean {
  const h = host.toLowerCase();
  return h === 'localhost' || h === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

/** `host:port` as it appears in a Host header (IPv6 literals in brackets). */
export function hostAuthority(host: string, port: number): string {
  return `${host.includes(':') ? `[${host}]` : host}:${port}`.toLowerCase();
}

/**
 * The bound `host:port`, and `localhost:port` as well when bound to a loopback address (clients commonly say
 * localhost); origins are this server's own under those names, plus `extraOrigins` (already normalised).
 */
export function guardPolicy(bound: BoundAddress, extraHosts: readonly string[], extraOrigins: readonly string[]): HttpGuardPolicy {
  const hosts = new Set([hostAuthority(bound.host, bound.port), ...extraHosts.map((h) => h.toLowerCase())]);
  if (isLoopbackHost(bound.host)) hosts.add(hostAuthority('localhost', bound.port));
  const origins = new Set([...hosts].map((h) => `http://${h}`));
  for (const origin of extraOrigins) origins.add(origin);
  return { hosts, origins };
}

/** Why a request is refused (403), or null when its Host and Origin are acceptable. */
export function refusal(headers: { readonly host?: string | undefined; readonly origin?: string | undefined }, policy: HttpGuardPolicy): string | null {
  const host = headers.host?.toLowerCase();
  if (host === undefined || !policy.hosts.has(host)) return `Host header ${quoteInput(headers.host ?? '')} is not this server's address`;
  if (headers.origin !== undefined && !policy.origins.has(headers.origin.toLowerCase())) {
    return `Origin ${quoteInput(headers.origin)} is not allowed (start the server with --allow-origin ${safeText(headers.origin)} to allow a browser client there)`;
  }
  return null;
}

/** An `--allow-origin` value as a browser sends it (`scheme://host[:port]`, no path), or null when it is not one. */
export function normaliseOrigin(value: string): string | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  if (url.pathname !== '/' || url.search !== '' || url.hash !== '' || url.username !== '') return null;
  return url.origin.toLowerCase();
}
