import type { Repository } from '@scm/core';
import type { WireRepository } from './bitbucket-schemas.js';
import {
  BITBUCKET_PROVIDER_ID,
  withRaw,
  nonEmpty,
  timestamp,
  type MapContext,
} from './map-common.js';

function cloneUrl(wire: WireRepository, name: 'https' | 'ssh'): string | null {
  const href = wire.links.clone?.find((link) => link.name === name)?.href;
  if (href === undefined) return null;
  if (name === 'ssh') return href;
  // Bitbucket puts the caller's username in the https clone URL; the repository's URL has none.
  try {
    const url = new URL(href);
    url.username = '';
    url.password = '';
    return url.toString();
  } catch {
    return href;
  }
}

/**
 * Bitbucket Cloud repositories are private or public (no `internal`), cannot be archived, and
 * record no push time; a fork has a `parent`.
 */
export function mapRepository(wire: WireRepository, context: MapContext): Repository {
  const owner = wire.full_name.slice(0, wire.full_name.indexOf('/'));
  return withRaw(wire, context, {
    provider: BITBUCKET_PROVIDER_ID,
    id: wire.uuid,
    name: wire.name,
    fullName: wire.full_name,
    owner,
    description: nonEmpty(wire.description),
    visibility: wire.is_private ? 'private' : 'public',
    defaultBranch: wire.mainbranch?.name ?? null,
    archived: false,
    fork: wire.parent !== null && wire.parent !== undefined,
    webUrl: wire.links.html.href,
    cloneUrl: cloneUrl(wire, 'https'),
    sshUrl: cloneUrl(wire, 'ssh'),
    createdAt: timestamp(wire.created_on),
    updatedAt: timestamp(wire.updated_on),
    pushedAt: null,
  });
}
