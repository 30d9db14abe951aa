import type { EventSubscription } from '@scm/core';
import type { WireHook } from './bitbucket-schemas.js';
import { base, timestamp, type MapContext } from './map-common.js';

/** A repository webhook; `repository` is the name the caller gave (`workspace/slug` or `{uuid}`). */
export function mapEventSubscription(
  wire: WireHook,
  repository: string,
  context: MapContext,
): EventSubscription {
  return {
    ...base(wire, context),
    id: wire.uuid,
    repository,
    callbackUrl: wire.url,
    events: wire.events,
    active: wire.active,
    createdAt: timestamp(wire.created_at),
  };
}
