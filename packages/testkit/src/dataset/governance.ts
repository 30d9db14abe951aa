import type { Dataset, DatasetRepository } from './types.js';

// Repository governance derived from the dataset, deterministically (no stored state): whether a
// repository's default branch is protected, who an organization's owners are, and each
// repository's collaborators with their permission. The GitHub simulator serves it (branch
// protection, collaborators, organization members by role); organization scans test against it.

export type DatasetPermission = 'pull' | 'triage' | 'push' | 'maintain' | 'admin';

export interface DatasetCollaborator {
  login: string;
  permission: DatasetPermission;
  /** `outside`: not a member of the repository's organization (always for a user's repository). */
  affiliation: 'owner' | 'member' | 'outside';
}

/** A repository's default branch is protected unless its id is a multiple of 3. */
export function isDefaultBranchProtected(repo: DatasetRepository): boolean {
  return repo.id % 3 !== 0;
}

/** An organization's owners (`role=admin`): its first member. Empty for an unknown login. */
export function organizationOwners(dataset: Dataset, org: string): string[] {
  const found = dataset.organizations.find((candidate) => candidate.login === org);
  return found === undefined ? [] : found.members.slice(0, 1);
}

/**
 * A repository's collaborators: its organization's owners (admin on every repository), the other
 * members (push; admin on every 5th repository by id), and users outside the organization (pull;
 * the first of them admin on every 4th repository by id). A user's repository: its owner (admin)
 * and one outside collaborator (admin on every 4th repository).
 */
export function repositoryCollaborators(
  dataset: Dataset,
  repo: DatasetRepository,
): DatasetCollaborator[] {
  const org = dataset.organizations.find((candidate) => candidate.login === repo.owner);
  const members = org?.members ?? [repo.owner];
  const owners = org === undefined ? [repo.owner] : organizationOwners(dataset, repo.owner);
  const outside = dataset.users
    .map((user) => user.login)
    .filter((login) => !members.includes(login))
    .sort();
  const picked = outside.length === 0 ? [] : [outside[repo.id % outside.length] as string];
  const collaborators: DatasetCollaborator[] = [
    ...owners.map((login) => ({
      login,
      permission: 'admin' as const,
      affiliation: 'owner' as const,
    })),
    ...members
      .filter((login) => !owners.includes(login))
      .map((login) => ({
        login,
        permission: repo.id % 5 === 0 ? ('admin' as const) : ('push' as const),
        affiliation: 'member' as const,
      })),
    ...picked.map((login) => ({
      login,
      permission: repo.id % 4 === 0 ? ('admin' as const) : ('pull' as const),
      affiliation: 'outside' as const,
    })),
  ];
  return collaborators.sort((a, b) => a.login.localeCompare(b.login));
}
