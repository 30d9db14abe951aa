import type { Organization } from '@scm/core';
import type { WireWorkspace } from './bitbucket-schemas.js';
import { BITBUCKET_PROVIDER_ID, withRaw, type MapContext } from './map-common.js';

/** Workspaces are Bitbucket's organizations. */
export function mapOrganization(wire: WireWorkspace, context: MapContext): Organization {
  return withRaw(wire, context, {
    provider: BITBUCKET_PROVIDER_ID,
    id: wire.uuid,
    login: wire.slug,
    name: wire.name ?? null,
    description: null,
    avatarUrl: wire.links?.avatar?.href ?? null,
    webUrl: wire.links?.html?.href ?? null,
  });
}
