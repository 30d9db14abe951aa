import type { Dataset, DatasetRepository } from '../../dataset/types.js';
import { uuidFor } from '../bitbucket-dataset.js';
import { accountFor, href, repoLinks, type Hosts, type Json } from './common.js';

export function renderRepository(hosts: Hosts, dataset: Dataset, repo: DatasetRepository): Json {
  const ownerOrg = dataset.organizations.find((org) => org.login === repo.owner);
  const owner =
    repo.ownerType === 'user'
      ? accountFor(hosts, dataset, repo.owner)
      : {
          type: 'team',
          uuid: uuidFor('workspace', repo.owner),
          username: repo.owner,
          display_name: ownerOrg?.name ?? repo.owner,
          links: {
            self: href(`${hosts.api}/workspaces/${repo.owner}`),
            html: href(`${hosts.web}/${repo.owner}/`),
            avatar: href(`${hosts.web}/workspaces/${repo.owner}/avatar/`),
          },
        };
  return {
    type: 'repository',
    uuid: repo.uuid,
    full_name: repo.fullName,
    name: repo.name,
    slug: repo.name,
    description: repo.description,
    is_private: repo.visibility !== 'public',
    scm: 'git',
    owner,
    workspace: {
      type: 'workspace',
      uuid: uuidFor('workspace', repo.owner),
      slug: repo.owner,
      name: ownerOrg?.name ?? repo.owner,
      links: { html: href(`${hosts.web}/${repo.owner}/`) },
    },
    mainbranch: { type: 'branch', name: repo.defaultBranch },
    parent: repo.fork
      ? {
          type: 'repository',
          full_name: `${repo.owner}/upstream-${repo.name}`,
          name: `upstream-${repo.name}`,
          uuid: uuidFor('upstream', repo.id),
        }
      : null,
    created_on: repo.createdAt,
    updated_on: repo.updatedAt,
    size: repo.commits.length * 1024,
    language: '',
    has_issues: false,
    has_wiki: false,
    fork_policy: 'allow_forks',
    links: {
      ...repoLinks(hosts, repo),
      clone: [
        { name: 'https', href: `${hosts.web}/${repo.fullName}.git` },
        { name: 'ssh', href: `git@127.0.0.1:${repo.fullName}.git` },
      ],
      pullrequests: href(`${hosts.api}/repositories/${repo.fullName}/pullrequests`),
      commits: href(`${hosts.api}/repositories/${repo.fullName}/commits`),
    },
  };
}
