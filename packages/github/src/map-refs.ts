import type { Branch, Release, Tag } from '@scm/core';
import type { WireBranch, WireRelease, WireTag } from './github-schemas.js';
import { GITHUB_PROVIDER_ID, withRaw, timestamp, type MapContext } from './map-common.js';

/** `isDefault` needs the repository's default branch, which the branch list does not carry. */
export function mapBranch(
  wire: WireBranch,
  context: MapContext & { defaultBranch?: string | null | undefined },
): Branch {
  return withRaw(wire, context, {
    provider: GITHUB_PROVIDER_ID,
    name: wire.name,
    sha: wire.commit.sha,
    protected: wire.protected ?? null,
    isDefault:
      context.defaultBranch === undefined || context.defaultBranch === null
        ? null
        : wire.name === context.defaultBranch,
  });
}

/** `GET /repos/:o/:r/tags` lists names and commits only: no annotation, no date. */
export function mapTag(wire: WireTag, context: MapContext): Tag {
  return withRaw(wire, context, {
    provider: GITHUB_PROVIDER_ID,
    name: wire.name,
    sha: wire.commit.sha,
    message: null,
    createdAt: null,
  });
}

export function mapRelease(wire: WireRelease, context: MapContext): Release {
  return withRaw(wire, context, {
    provider: GITHUB_PROVIDER_ID,
    id: String(wire.id),
    tagName: wire.tag_name,
    name: wire.name,
    body: wire.body ?? null,
    draft: wire.draft,
    prerelease: wire.prerelease,
    author: wire.author?.login ?? null,
    createdAt: timestamp(wire.created_at),
    publishedAt: timestamp(wire.published_at),
    webUrl: wire.html_url ?? null,
  });
}
