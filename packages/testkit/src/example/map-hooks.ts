import type { EventSubscription } from '@scm/core';
import type { WireHook } from './example-schemas.js';
import { base, timestamp, type MapContext } from './map-common.js';

export function mapEventSubscription(
  wire: WireHook,
  repository: string,
  context: MapContext,
): EventSubscription {
  return {
    ...base(wire, context),
    id: wire.id,
    repository,
    callbackUrl: wire.url,
    events: wire.events,
    active: wire.active,
    createdAt: timestamp(wire.created_at),
  };
}
