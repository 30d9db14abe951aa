import type { Organization } from '@scm/core';
import type { WireOrganization } from './github-schemas.js';
import { GITHUB_PROVIDER_ID, withRaw, type MapContext } from './map-common.js';

/**
 * `GET /user/orgs` returns "organization simple" objects: no display name and no web URL, so the
 * web URL is derived from the web root (`https://github.com/<login>`, or the GHES host).
 */
export function mapOrganization(
  wire: WireOrganization,
  context: MapContext & { webUrl: string },
): Organization {
  return withRaw(wire, context, {
    provider: GITHUB_PROVIDER_ID,
    id: String(wire.id),
    login: wire.login,
    name: wire.name ?? null,
    description: wire.description === '' ? null : (wire.description ?? null),
    avatarUrl: wire.avatar_url ?? null,
    webUrl: wire.html_url ?? `${context.webUrl}/${wire.login}`,
  });
}
