import type { Contributor, Repository } from '@scm/core';
import type { WireContributor, WireRepository } from './example-schemas.js';
import { EXAMPLE_PROVIDER_ID, withRaw, timestamp, type MapContext } from './map-common.js';

export function mapRepository(wire: WireRepository, context: MapContext): Repository {
  return withRaw(wire, context, {
    provider: EXAMPLE_PROVIDER_ID,
    id: String(wire.id),
    name: wire.name,
    fullName: wire.slug,
    owner: wire.owner.handle,
    description: wire.summary === '' ? null : wire.summary,
    visibility: wire.access,
    defaultBranch: wire.main_branch,
    archived: wire.is_archived,
    fork: wire.is_fork,
    webUrl: wire.web_url,
    cloneUrl: wire.clone_url ?? null,
    sshUrl: wire.ssh_url ?? null,
    createdAt: timestamp(wire.created_at),
    updatedAt: timestamp(wire.updated_at),
    pushedAt: timestamp(wire.last_push_at),
  });
}

export function mapContributor(wire: WireContributor, context: MapContext): Contributor {
  return withRaw(wire, context, {
    provider: EXAMPLE_PROVIDER_ID,
    id: wire.id === null ? null : String(wire.id),
    login: wire.handle,
    name: wire.display_name,
    email: wire.email ?? null,
    contributions: wire.commit_count,
    avatarUrl: wire.avatar_url ?? null,
  });
}
