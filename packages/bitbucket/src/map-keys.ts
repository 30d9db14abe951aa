import type { SshKey } from '@scm/core';
import type { WireSshKey } from './bitbucket-schemas.js';
import {
  BITBUCKET_PROVIDER_ID,
  withRaw,
  nonEmpty,
  timestamp,
  type MapContext,
} from './map-common.js';

/** Bitbucket splits the comment off the OpenSSH line; the normalized key is the whole line again. */
export function mapSshKey(wire: WireSshKey, context: MapContext): SshKey {
  const comment = wire.comment ?? '';
  return withRaw(wire, context, {
    provider: BITBUCKET_PROVIDER_ID,
    id: wire.uuid,
    title: nonEmpty(wire.label) ?? nonEmpty(comment),
    key: comment === '' ? wire.key : `${wire.key} ${comment}`,
    fingerprint: wire.fingerprint ?? null,
    createdAt: timestamp(wire.created_on),
  });
}
