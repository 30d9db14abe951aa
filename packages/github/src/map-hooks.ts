import type { EventSubscription } from '@scm/core';
import type { WireHook } from './github-schemas.js';
import { GITHUB_PROVIDER_ID, withRaw, timestamp, type MapContext } from './map-common.js';

/** A repository webhook; `repository` is the repository as the caller named it. */
export function mapEventSubscription(
  wire: WireHook,
  repository: string,
  context: MapContext,
): EventSubscription {
  return withRaw(wire, context, {
    provider: GITHUB_PROVIDER_ID,
    id: String(wire.id),
    repository,
    callbackUrl: wire.config.url ?? '',
    events: wire.events,
    active: wire.active,
    createdAt: timestamp(wire.created_at),
  });
}
