import { deriveSha } from '../dataset/diff.js';
import type { Dataset, DatasetOrganization } from '../dataset/types.js';

/** The organization (Services) or collection (Server) the simulator serves. */
export const DEFAULT_AZURE_ORGANIZATION = 'fabrikam';

/** An Azure DevOps project: one per dataset owner. */
export interface AzureProject {
  id: string;
  name: string;
  description: string;
  visibility: 'private' | 'public';
  lastUpdateTime: string;
}

export interface AzureWorld {
  organization: string;
  /**
   * The dataset as Azure DevOps holds it: each owner is a project of the organization, so a
   * repository's `owner` is `organization/project` and its `fullName` `organization/project/name`;
   * users are named by their UPN (`uniqueName`, their email); pull request numbers are Azure's
   * `pullRequestId`, unique in the organization (the dataset's global ids).
   */
  dataset: Dataset;
  projects: AzureProject[];
}

/** A lowercase GUID derived from a kind and a key, stable across runs. */
export function guidFor(kind: string, key: string | number): string {
  const hex = deriveSha('azure-guid', kind, key);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** The repository GUID: the dataset's braced UUID without its braces. */
export function repositoryGuid(uuid: string): string {
  return uuid.replace(/^\{|\}$/g, '').toLowerCase();
}

/**
 * Derives the Azure world from the shared dataset without changing it (see `AzureWorld`). Every
 * project is visible to the viewer, so `viewer.organizations` lists every project.
 */
export function deriveAzureWorld(source: Dataset, organization: string): AzureWorld {
  const dataset = structuredClone(source);
  const upn = new Map(dataset.users.map((user) => [user.login, user.email]));
  const rename = (login: string): string => upn.get(login) ?? login;
  const owners = [...new Set(dataset.repositories.map((repo) => repo.owner))].sort();
  const orgByLogin = new Map(source.organizations.map((org) => [org.login, org]));
  const projects: AzureProject[] = owners.map((owner) => {
    const org = orgByLogin.get(owner);
    const repos = dataset.repositories.filter((repo) => repo.owner === owner);
    return {
      id: guidFor('project', owner),
      name: owner,
      description: org?.description ?? `Repositories of ${owner}`,
      visibility: repos.every((repo) => repo.visibility === 'public') ? 'public' : 'private',
      lastUpdateTime:
        repos
          .map((repo) => repo.updatedAt)
          .sort()
          .at(-1) ?? '2024-01-01T00:00:00Z',
    };
  });
  dataset.organizations = projects.map((project): DatasetOrganization => ({
    id: Number.parseInt(project.id.slice(0, 7), 16),
    login: `${organization}/${project.name}`,
    name: project.name,
    description: project.description,
    members: (orgByLogin.get(project.name)?.members ?? [project.name]).map(rename),
    createdAt: orgByLogin.get(project.name)?.createdAt ?? '2024-01-01T00:00:00Z',
  }));
  for (const user of dataset.users) user.login = user.email;
  dataset.viewer.login = dataset.viewer.email;
  dataset.viewer.organizations = dataset.organizations.map((org) => org.login);
  for (const repo of dataset.repositories) {
    // A repository has no visibility of its own: it is as private or public as its project.
    repo.visibility =
      projects.find((project) => project.name === repo.owner)?.visibility ?? 'private';
    repo.owner = `${organization}/${repo.owner}`;
    repo.fullName = `${repo.owner}/${repo.name}`;
    for (const pr of repo.pullRequests) {
      pr.number = pr.id;
      pr.author = rename(pr.author);
    }
    for (const commit of repo.commits) {
      if (commit.author.login !== null) commit.author.login = rename(commit.author.login);
      if (commit.committer.login !== null) commit.committer.login = rename(commit.committer.login);
    }
    for (const contributor of repo.contributors) contributor.login = rename(contributor.login);
    for (const release of repo.releases) release.author = rename(release.author);
    for (const deployment of repo.deployments) deployment.creator = rename(deployment.creator);
  }
  return { organization, dataset, projects };
}
