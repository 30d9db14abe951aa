/** The statuses a provider answers with a `Location` to repeat the request at. */
export const REDIRECT_STATUSES: ReadonlySet<number> = new Set([301, 302, 303, 307, 308]);

/**
 * Where a redirect points, as a path (with its query) relative to the API base — or `null` when it
 * leaves the API: another origin, or outside the base path (`/api/v3` on GitHub Enterprise Server,
 * `/2.0` on Bitbucket). Credentials are only ever sent back to the API they were meant for.
 */
export function redirectWithinApi(location: string, baseUrl: string | URL): string | null {
  const base = new URL(baseUrl);
  let target: URL;
  try {
    target = new URL(location, base);
  } catch {
    return null;
  }
  const prefix = base.pathname.replace(/\/+$/, '');
  if (target.origin !== base.origin || !target.pathname.startsWith(`${prefix}/`)) return null;
  return `${target.pathname.slice(prefix.length)}${target.search}`;
}
