import type { SshKey } from '@scm/core';
import type { WireSshKey } from './gitlab-schemas.js';
import { GITLAB_PROVIDER_ID, withRaw, text, timestamp, type MapContext } from './map-common.js';

export function mapSshKey(wire: WireSshKey, context: MapContext): SshKey {
  return withRaw(wire, context, {
    provider: GITLAB_PROVIDER_ID,
    id: String(wire.id),
    title: text(wire.title),
    key: wire.key,
    // `GET /user/keys` has no fingerprint on most GitLab versions; it is not derived here.
    fingerprint: text(wire.fingerprint),
    createdAt: timestamp(wire.created_at),
  });
}
