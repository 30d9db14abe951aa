import type { Branch, Tag } from '@scm/core';
import type { WireBranch, WireTag } from './bitbucket-schemas.js';
import { BITBUCKET_PROVIDER_ID, withRaw, timestamp, type MapContext } from './map-common.js';

/** `refs/branches` says nothing about protection (branch restrictions) or the main branch. */
export function mapBranch(wire: WireBranch, context: MapContext): Branch {
  return withRaw(wire, context, {
    provider: BITBUCKET_PROVIDER_ID,
    name: wire.name,
    sha: wire.target.hash,
    protected: null,
    isDefault: null,
  });
}

/** An annotated tag has a message and date; a lightweight one takes its commit's date. */
export function mapTag(wire: WireTag, context: MapContext): Tag {
  return withRaw(wire, context, {
    provider: BITBUCKET_PROVIDER_ID,
    name: wire.name,
    sha: wire.target.hash,
    message: wire.message ?? null,
    createdAt: timestamp(wire.date ?? wire.target.date),
  });
}
