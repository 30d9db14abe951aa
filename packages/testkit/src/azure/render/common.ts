import type { DatasetRepository, DatasetUser } from '../../dataset/types.js';
import { guidFor, repositoryGuid, type AzureProject } from '../azure-dataset.js';
import type { AzureRouteKit } from '../route-kit.js';

/** An `IdentityRef` (https://learn.microsoft.com/en-us/rest/api/azure/devops/git/repositories/get#identityref). */
export function renderIdentity(kit: AzureRouteKit, login: string): Record<string, unknown> {
  const user: Pick<DatasetUser, 'login' | 'name'> = kit.userByLogin(login) ?? {
    login,
    name: login,
  };
  const id = guidFor('user', user.login);
  const descriptor = `aad.${Buffer.from(id).toString('base64url')}`;
  return {
    displayName: user.name,
    url: `${kit.collectionUrl()}/_apis/Identities/${id}`,
    _links: {
      avatar: { href: `${kit.collectionUrl()}/_apis/GraphProfile/MemberAvatars/${descriptor}` },
    },
    id,
    uniqueName: user.login,
    imageUrl: `${kit.collectionUrl()}/_api/_common/identityImage?id=${id}`,
    descriptor,
  };
}

export function projectUrl(kit: AzureRouteKit, project: AzureProject): string {
  return `${kit.collectionUrl()}/_apis/projects/${project.id}`;
}

/** A `TeamProjectReference`. */
export function renderProject(kit: AzureRouteKit, project: AzureProject): Record<string, unknown> {
  return {
    id: project.id,
    name: project.name,
    description: project.description,
    url: projectUrl(kit, project),
    state: 'wellFormed',
    revision: 11,
    visibility: project.visibility,
    lastUpdateTime: project.lastUpdateTime,
  };
}

export function repositoryUrl(kit: AzureRouteKit, repo: DatasetRepository): string {
  return `${kit.collectionUrl()}/${kit.projectOf(repo).id}/_apis/git/repositories/${repositoryGuid(repo.uuid)}`;
}

/** The repository's web page: `{collection}/{project}/_git/{name}`. */
export function repositoryWebUrl(kit: AzureRouteKit, repo: DatasetRepository): string {
  return `${kit.collectionUrl()}/${encodeURIComponent(kit.projectOf(repo).name)}/_git/${encodeURIComponent(repo.name)}`;
}

/** A `GitRepository`. */
export function renderRepository(
  kit: AzureRouteKit,
  repo: DatasetRepository,
): Record<string, unknown> {
  const url = repositoryUrl(kit, repo);
  const web = repositoryWebUrl(kit, repo);
  const size = Object.values(repo.blobs).reduce((sum, content) => sum + content.length, 0);
  return {
    id: repositoryGuid(repo.uuid),
    name: repo.name,
    url,
    project: renderProject(kit, kit.projectOf(repo)),
    defaultBranch: `refs/heads/${repo.defaultBranch}`,
    size,
    // As the official examples write it (git/7.1/httpExamples/repositories/*); the clone URL some
    // accounts show carries the organization as user (`https://fabrikam@dev.azure.com/…`).
    remoteUrl: web,
    sshUrl: `git@ssh.dev.azure.com:v3/${kit.world.organization}/${kit.projectOf(repo).name}/${repo.name}`,
    webUrl: web,
    isDisabled: repo.archived,
    isInMaintenance: false,
    isFork: repo.fork,
  };
}

/** Azure's `GitUserDate`: a git identity with its date. */
export function renderGitUser(person: { name: string; email: string }, date: string) {
  return { name: person.name, email: person.email, date };
}
