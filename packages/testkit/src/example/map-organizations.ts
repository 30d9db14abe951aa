import type { Organization } from '@scm/core';
import type { WireOrganization } from './example-schemas.js';
import { EXAMPLE_PROVIDER_ID, withRaw, type MapContext } from './map-common.js';

export function mapOrganization(wire: WireOrganization, context: MapContext): Organization {
  return withRaw(wire, context, {
    provider: EXAMPLE_PROVIDER_ID,
    id: String(wire.id),
    login: wire.handle,
    name: wire.display_name,
    description: wire.summary ?? null,
    avatarUrl: wire.avatar_url ?? null,
    webUrl: wire.profile_url ?? null,
  });
}
