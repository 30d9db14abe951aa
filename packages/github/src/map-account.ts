import type { Viewer } from '@scm/core';
import type { WireUser } from './github-schemas.js';
import { GITHUB_PROVIDER_ID, withRaw, type MapContext } from './map-common.js';

export function mapViewer(wire: WireUser, context: MapContext): Viewer {
  return withRaw(wire, context, {
    provider: GITHUB_PROVIDER_ID,
    id: String(wire.id),
    login: wire.login,
    name: wire.name ?? null,
    email: wire.email ?? null,
    avatarUrl: wire.avatar_url ?? null,
    webUrl: wire.html_url ?? null,
  });
}
