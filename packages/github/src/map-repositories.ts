import type { Contributor, Repository } from '@scm/core';
import type { WireContributor, WireRepository } from './github-schemas.js';
import { GITHUB_PROVIDER_ID, withRaw, timestamp, type MapContext } from './map-common.js';

function visibility(wire: WireRepository): Repository['visibility'] {
  // `visibility` (public, private, internal) is newer than `private` and absent from some payloads.
  if (
    wire.visibility === 'public' ||
    wire.visibility === 'private' ||
    wire.visibility === 'internal'
  )
    return wire.visibility;
  return wire.private ? 'private' : 'public';
}

export function mapRepository(wire: WireRepository, context: MapContext): Repository {
  const owner = wire.owner?.login ?? wire.full_name.slice(0, wire.full_name.indexOf('/'));
  return withRaw(wire, context, {
    provider: GITHUB_PROVIDER_ID,
    id: String(wire.id),
    name: wire.name,
    fullName: wire.full_name,
    owner,
    description: wire.description === '' ? null : wire.description,
    visibility: visibility(wire),
    defaultBranch: wire.default_branch ?? null,
    archived: wire.archived ?? false,
    fork: wire.fork,
    webUrl: wire.html_url,
    cloneUrl: wire.clone_url ?? null,
    sshUrl: wire.ssh_url ?? null,
    createdAt: timestamp(wire.created_at),
    updatedAt: timestamp(wire.updated_at),
    pushedAt: timestamp(wire.pushed_at),
  });
}

/**
 * Contributors are accounts (`type: "User"`, `"Bot"`) or, with `anon=1`, bare git identities
 * (`type: "Anonymous"`, with `name` and `email` but no login).
 */
export function mapContributor(wire: WireContributor, context: MapContext): Contributor {
  return withRaw(wire, context, {
    provider: GITHUB_PROVIDER_ID,
    id: wire.id === undefined ? null : String(wire.id),
    login: wire.login ?? null,
    name: wire.name ?? null,
    email: wire.email ?? null,
    contributions: wire.contributions,
    avatarUrl: wire.avatar_url ?? null,
  });
}
