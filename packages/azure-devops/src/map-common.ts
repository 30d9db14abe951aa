import type { Actor } from '@scm/core';

/** The gateway's id for Azure DevOps (its package is `@scm/azure-devops`). */
export const AZURE_PROVIDER_ID = 'azure';

/** What every mapper needs besides the payload. */
export interface MapContext {
  /** Attach the wire payload as `raw`. */
  includeRaw: boolean;
  /** The organization (Services) or collection (Server) name: the first segment of full names. */
  organization: string;
  /** The organization or collection URL, for web URLs the API does not return. */
  collectionUrl: string;
}

/** Mappers build one literal with `provider` first and attach `raw` through this (see core). */
export { withRaw } from '@scm/core';

/** Provider timestamps in the normalized form (core's `toTimestamp`). */
export { toTimestamp as timestamp } from '@scm/core';

/**
 * A repository's normalized id: its GUID in braces. Core's repository references read a braced
 * UUID as an id (as Bitbucket's), so the id round-trips through the gateway's URLs.
 */
export function repositoryId(guid: string): string {
  return `{${guid.toLowerCase()}}`;
}

/** `organization/project/repository`: the full name of a repository. */
export function fullNameOf(context: MapContext, project: string, repository: string): string {
  return `${context.organization}/${project}/${repository}`;
}

/** `refs/heads/main` → `main`; other refs unchanged. */
export function branchName(ref: string): string {
  return ref.startsWith('refs/heads/') ? ref.slice('refs/heads/'.length) : ref;
}

/** `refs/tags/v1` → `v1`; other refs unchanged. */
export function tagName(ref: string): string {
  return ref.startsWith('refs/tags/') ? ref.slice('refs/tags/'.length) : ref;
}

/** Empty strings are how Azure says "none" in several fields. */
export function nonEmpty(value: string | null | undefined): string | null {
  return value === undefined || value === null || value === '' ? null : value;
}

/** An Azure identity (`IdentityRef`): its UPN (`uniqueName`) is the login. */
export interface IdentityLike {
  id?: string | null | undefined;
  displayName?: string | null | undefined;
  uniqueName?: string | null | undefined;
  imageUrl?: string | null | undefined;
}

export function loginOf(identity: IdentityLike | null | undefined): string | null {
  return nonEmpty(identity?.uniqueName);
}

export function actorOfIdentity(identity: IdentityLike | null | undefined): Actor | null {
  if (identity === null || identity === undefined) return null;
  return {
    id: nonEmpty(identity.id),
    login: loginOf(identity),
    name: nonEmpty(identity.displayName),
    email: null,
    avatarUrl: nonEmpty(identity.imageUrl),
  };
}

/** A git identity (`GitUserDate`): name and email, no account. */
export function actorOfGitUser(
  user: { name?: string | undefined; email?: string | undefined } | undefined,
): Actor {
  return {
    id: null,
    login: null,
    name: nonEmpty(user?.name),
    email: nonEmpty(user?.email),
    avatarUrl: null,
  };
}
