import type { Viewer } from '@scm/core';
import type { WireAccount } from './bitbucket-schemas.js';
import { BITBUCKET_PROVIDER_ID, withRaw, loginOf, type MapContext } from './map-common.js';

export function mapViewer(wire: WireAccount, context: MapContext): Viewer {
  return withRaw(wire, context, {
    provider: BITBUCKET_PROVIDER_ID,
    id: wire.uuid ?? '',
    login: loginOf(wire) ?? wire.display_name ?? '',
    name: wire.display_name ?? null,
    // `/user` carries no address; `/user/emails` needs the `email` scope.
    email: null,
    avatarUrl: wire.links?.avatar?.href ?? null,
    webUrl: wire.links?.html?.href ?? null,
  });
}
