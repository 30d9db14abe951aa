import type { Branch, Release, Tag } from '@scm/core';
import type { WireBranch, WireRelease, WireTag } from './gitlab-schemas.js';
import { GITLAB_PROVIDER_ID, withRaw, text, timestamp, type MapContext } from './map-common.js';

export function mapBranch(wire: WireBranch, context: MapContext): Branch {
  return withRaw(wire, context, {
    provider: GITLAB_PROVIDER_ID,
    name: wire.name,
    sha: wire.commit.id,
    protected: wire.protected ?? null,
    isDefault: wire.default ?? null,
  });
}

export function mapTag(wire: WireTag, context: MapContext): Tag {
  return withRaw(wire, context, {
    provider: GITLAB_PROVIDER_ID,
    name: wire.name,
    // The commit the tag points at, not the annotated tag object (`target`).
    sha: wire.commit.id,
    message: text(wire.message),
    createdAt: timestamp(wire.created_at ?? wire.commit.created_at),
  });
}

/**
 * GitLab releases have no numeric id and no draft state: the tag name identifies one, and a
 * release whose `released_at` lies ahead is an "upcoming release", the nearest thing to a
 * pre-release. https://docs.gitlab.com/api/releases/
 */
export function mapRelease(wire: WireRelease, context: MapContext): Release {
  return withRaw(wire, context, {
    provider: GITLAB_PROVIDER_ID,
    id: wire.tag_name,
    tagName: wire.tag_name,
    name: text(wire.name),
    body: text(wire.description),
    draft: false,
    prerelease: wire.upcoming_release ?? false,
    author: wire.author?.username ?? null,
    createdAt: timestamp(wire.created_at),
    publishedAt: timestamp(wire.released_at),
    webUrl: text(wire._links?.self),
  });
}
