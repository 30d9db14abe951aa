import type { EventSubscription } from '@scm/core';
import type { WireHook } from './bitbucket-schemas.js';
import { BITBUCKET_PROVIDER_ID, withRaw, timestamp, type MapContext } from './map-common.js';

/** A repository webhook; `repository` is the name the caller gave (`workspace/slug` or `{uuid}`). */
export function mapEventSubscription(
  wire: WireHook,
  repository: string,
  context: MapContext,
): EventSubscription {
  return withRaw(wire, context, {
    provider: BITBUCKET_PROVIDER_ID,
    id: wire.uuid,
    repository,
    callbackUrl: wire.url,
    events: wire.events,
    active: wire.active,
    createdAt: timestamp(wire.created_at),
  });
}
