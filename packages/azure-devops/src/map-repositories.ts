import type { Repository } from '@scm/core';
import type { WireRepository } from './azure-schemas.js';
import {
  AZURE_PROVIDER_ID,
  withRaw,
  branchName,
  fullNameOf,
  nonEmpty,
  repositoryId,
  type MapContext,
} from './map-common.js';

/**
 * A Git repository. Its id is its GUID (braced, see `repositoryId`), its full name
 * `organization/project/name`. Azure repositories have no visibility, description or dates of
 * their own: visibility is the project's, a disabled repository reads as archived.
 */
export function mapRepository(wire: WireRepository, context: MapContext): Repository {
  const project = wire.project.name;
  const webUrl =
    nonEmpty(wire.webUrl) ??
    `${context.collectionUrl}/${encodeURIComponent(project)}/_git/${encodeURIComponent(wire.name)}`;
  return withRaw(wire, context, {
    provider: AZURE_PROVIDER_ID,
    id: repositoryId(wire.id),
    name: wire.name,
    fullName: fullNameOf(context, project, wire.name),
    owner: `${context.organization}/${project}`,
    description: null,
    visibility: wire.project.visibility === 'public' ? 'public' : 'private',
    defaultBranch:
      wire.defaultBranch === null || wire.defaultBranch === undefined
        ? null
        : branchName(wire.defaultBranch),
    archived: wire.isDisabled ?? false,
    fork: wire.isFork ?? (wire.parentRepository !== null && wire.parentRepository !== undefined),
    webUrl,
    cloneUrl: nonEmpty(wire.remoteUrl),
    sshUrl: nonEmpty(wire.sshUrl),
    createdAt: null,
    updatedAt: null,
    pushedAt: null,
  });
}
