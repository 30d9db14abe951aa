import type { Branch, Tag } from '@scm/core';
import type { WireRef } from './azure-schemas.js';
import { AZURE_PROVIDER_ID, withRaw, branchName, tagName, type MapContext } from './map-common.js';

/**
 * A `refs/heads/*` ref. Protection lives in Azure's branch policies, not on the ref (its
 * `isLocked` is a different thing), and the ref does not say whether it is the default branch:
 * both are null rather than guessed.
 */
export function mapBranch(wire: WireRef, context: MapContext): Branch {
  return withRaw(wire, context, {
    provider: AZURE_PROVIDER_ID,
    name: branchName(wire.name),
    sha: wire.objectId,
    protected: null,
    isDefault: null,
  });
}

/**
 * A `refs/tags/*` ref, listed with `peelTags=true`: an annotated tag's `objectId` is the tag
 * object, `peeledObjectId` the commit it points at (the sha here). The refs API carries neither
 * the tag message nor its date.
 */
export function mapTag(wire: WireRef, context: MapContext): Tag {
  return withRaw(wire, context, {
    provider: AZURE_PROVIDER_ID,
    name: tagName(wire.name),
    sha: wire.peeledObjectId ?? wire.objectId,
    message: null,
    createdAt: null,
  });
}
