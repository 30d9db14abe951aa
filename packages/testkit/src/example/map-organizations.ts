import type { Organization } from '@scm/core';
import type { WireOrganization } from './example-schemas.js';
import { base, type MapContext } from './map-common.js';

export function mapOrganization(wire: WireOrganization, context: MapContext): Organization {
  return {
    ...base(wire, context),
    id: String(wire.id),
    login: wire.handle,
    name: wire.display_name,
    description: wire.summary ?? null,
    avatarUrl: wire.avatar_url ?? null,
    webUrl: wire.profile_url ?? null,
  };
}
