import type { Viewer } from '@scm/core';
import type { WireUser } from './example-schemas.js';
import { base, type MapContext } from './map-common.js';

export function mapViewer(wire: WireUser, context: MapContext): Viewer {
  return {
    ...base(wire, context),
    id: String(wire.id),
    login: wire.handle,
    name: wire.display_name,
    email: wire.email ?? null,
    avatarUrl: wire.avatar_url ?? null,
    webUrl: wire.profile_url ?? null,
  };
}
