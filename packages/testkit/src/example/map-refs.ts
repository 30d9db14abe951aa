import type { Branch, Release, Tag } from '@scm/core';
import type { WireBranch, WireRelease, WireTag } from './example-schemas.js';
import { EXAMPLE_PROVIDER_ID, withRaw, timestamp, type MapContext } from './map-common.js';

export function mapBranch(wire: WireBranch, context: MapContext): Branch {
  return withRaw(wire, context, {
    provider: EXAMPLE_PROVIDER_ID,
    name: wire.name,
    sha: wire.head.sha,
    protected: wire.is_protected ?? null,
    isDefault: wire.is_default ?? null,
  });
}

export function mapTag(wire: WireTag, context: MapContext): Tag {
  return withRaw(wire, context, {
    provider: EXAMPLE_PROVIDER_ID,
    name: wire.name,
    sha: wire.target_sha,
    message: wire.annotation,
    createdAt: timestamp(wire.created_at),
  });
}

export function mapRelease(wire: WireRelease, context: MapContext): Release {
  return withRaw(wire, context, {
    provider: EXAMPLE_PROVIDER_ID,
    id: String(wire.id),
    tagName: wire.tag,
    name: wire.title,
    body: wire.notes,
    draft: wire.is_draft,
    prerelease: wire.is_prerelease,
    author: wire.author?.handle ?? null,
    createdAt: timestamp(wire.created_at),
    publishedAt: timestamp(wire.published_at),
    webUrl: wire.web_url ?? null,
  });
}
