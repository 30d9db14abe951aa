import type { EventSubscription } from '@scm/core';
import type { WireHook } from './example-schemas.js';
import { EXAMPLE_PROVIDER_ID, withRaw, timestamp, type MapContext } from './map-common.js';

export function mapEventSubscription(
  wire: WireHook,
  repository: string,
  context: MapContext,
): EventSubscription {
  return withRaw(wire, context, {
    provider: EXAMPLE_PROVIDER_ID,
    id: wire.id,
    repository,
    callbackUrl: wire.url,
    events: wire.events,
    active: wire.active,
    createdAt: timestamp(wire.created_at),
  });
}
