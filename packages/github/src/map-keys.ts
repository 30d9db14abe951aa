import type { SshKey } from '@scm/core';
import type { WireKey } from './github-schemas.js';
import { GITHUB_PROVIDER_ID, withRaw, timestamp, type MapContext } from './map-common.js';

/** GitHub returns the key without its comment and no fingerprint. */
export function mapSshKey(wire: WireKey, context: MapContext): SshKey {
  return withRaw(wire, context, {
    provider: GITHUB_PROVIDER_ID,
    id: String(wire.id),
    title: wire.title ?? null,
    key: wire.key,
    fingerprint: null,
    createdAt: timestamp(wire.created_at),
  });
}
