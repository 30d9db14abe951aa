import type { IncomingHttpHeaders } from 'node:http';
import { readCookie } from '../auth/bearer.js';

/**
 * Every cookie the gateway sets (session, sign-in form, company session, OAuth browser binding,
 * sandbox) is written by `cookieLine` and read by `readGatewayCookie`, so the rules below hold for
 * each of them in one place.
 *
 * On an https public URL every name carries the `__Host-` prefix (RFC 6265bis §4.1.3.2). A browser
 * then stores it only when set by this exact host with `Secure`, `Path=/` and no `Domain`. Without
 * it, a page on a sibling subdomain (`evil.example.com` beside `scm.example.com`) could plant
 * `sgg_session=<its own token>; Domain=example.com`, and the gateway would take the planted cookie
 * for the victim's own: a session that passes as a flow's starter, a form or binding cookie whose
 * value the planter knows. Plain http (local development) keeps the bare names and the narrower
 * paths, since the prefix needs `Secure`.
 */

interface CookieConfig {
  publicUrl: string;
}

/** Whether cookies are `Secure` (and prefixed): the gateway's public URL is https. */
const secureCookies = (config: CookieConfig): boolean => config.publicUrl.startsWith('https:');

/** The name a gateway cookie is set and read under. */
function cookieName(config: CookieConfig, base: string): string {
  return secureCookies(config) ? `__Host-${base}` : base;
}

export interface GatewayCookie {
  /** The bare name (`sgg_session`); prefixed on https. */
  name: string;
  /** As it goes on the wire (encode it first if it may hold `;`, `,` or spaces). */
  value: string;
  /** The narrowest path that reads it, on http; `/` on https, as the prefix needs. */
  path: string;
  /** Omitted: a browser-session cookie; 0 clears it. */
  maxAgeSeconds?: number;
  /**
   * `lax` for pages of this site; `framable` for the hosted pages that may run in another site's
   * iframe (SameSite=None, which browsers take only with Secure: Lax on http).
   */
  sameSite: 'lax' | 'framable';
}

/** The `Set-Cookie` line of a gateway cookie: always HttpOnly, and Secure on https. */
export function cookieLine(config: CookieConfig, cookie: GatewayCookie): string {
  const secure = secureCookies(config);
  return [
    `${cookieName(config, cookie.name)}=${cookie.value}`,
    `Path=${secure ? '/' : cookie.path}`,
    'HttpOnly',
    ...(cookie.maxAgeSeconds === undefined ? [] : [`Max-Age=${String(cookie.maxAgeSeconds)}`]),
    `SameSite=${cookie.sameSite === 'framable' && secure ? 'None' : 'Lax'}`,
    ...(secure ? ['Secure'] : []),
  ].join('; ');
}

/** A gateway cookie's value from the request, under the name it is set with here. */
export function readGatewayCookie(
  req: { headers: IncomingHttpHeaders },
  config: CookieConfig,
  name: string,
): string | undefined {
  return readCookie(req, cookieName(config, name));
}
