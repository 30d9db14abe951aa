import type { Viewer } from '@scm/core';
import type { WireUser } from './example-schemas.js';
import { EXAMPLE_PROVIDER_ID, withRaw, type MapContext } from './map-common.js';

export function mapViewer(wire: WireUser, context: MapContext): Viewer {
  return withRaw(wire, context, {
    provider: EXAMPLE_PROVIDER_ID,
    id: String(wire.id),
    login: wire.handle,
    name: wire.display_name,
    email: wire.email ?? null,
    avatarUrl: wire.avatar_url ?? null,
    webUrl: wire.profile_url ?? null,
  });
}
