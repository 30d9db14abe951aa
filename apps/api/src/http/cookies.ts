/**
 * The names and paths of the cookies the gateway sets (session, sign-in form, company session,
 * OAuth browser binding, sandbox).
 *
 * On an https public URL every name carries the `__Host-` prefix (RFC 6265bis §4.1.3.2). A browser
 * then stores it only when set by this exact host with `Secure`, `Path=/` and no `Domain`. Without
 * it, a page on a sibling subdomain (`evil.example.com` beside `scm.example.com`) could plant
 * `sgg_session=<its own token>; Domain=example.com`, and the gateway would take the planted cookie
 * for the victim's own: a session that passes as a flow's starter, a form or binding cookie whose
 * value the planter knows. Plain http (local development) keeps the bare names, since the prefix
 * needs `Secure`.
 */

interface CookieConfig {
  publicUrl: string;
}

/** Whether cookies are `Secure` (and prefixed): the gateway's public URL is https. */
export const secureCookies = (config: CookieConfig): boolean =>
  config.publicUrl.startsWith('https:');

/** The name a gateway cookie is set and read under. */
export function cookieName(config: CookieConfig, base: string): string {
  return secureCookies(config) ? `__Host-${base}` : base;
}

/** A cookie's path: the narrower one asked for on http, `/` where the `__Host-` prefix needs it. */
export function cookiePath(config: CookieConfig, path: string): string {
  return secureCookies(config) ? '/' : path;
}
