import type { SshKey } from '@scm/core';
import type { WireKey } from './github-schemas.js';
import { base, timestamp, type MapContext } from './map-common.js';

/** GitHub returns the key without its comment and no fingerprint. */
export function mapSshKey(wire: WireKey, context: MapContext): SshKey {
  return {
    ...base(wire, context),
    id: String(wire.id),
    title: wire.title ?? null,
    key: wire.key,
    fingerprint: null,
    createdAt: timestamp(wire.created_at),
  };
}
