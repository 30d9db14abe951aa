import type { DatasetContributor, DatasetRepository } from '../../dataset/types.js';
import type { Json, RenderContext } from './common.js';

/** The project's namespace: its group (or subgroup), else its user. */
function renderNamespace(context: RenderContext, repo: DatasetRepository): Json {
  const web = context.web();
  const group = context.groupsByPath.get(repo.owner);
  if (group !== undefined)
    return {
      id: group.id,
      name: group.name,
      path: group.path,
      kind: 'group',
      full_path: group.fullPath,
      parent_id: group.parentId,
      avatar_url: null,
      web_url: `${web}/groups/${group.fullPath}`,
    };
  const user = context.users.get(repo.owner);
  return {
    id: user?.id ?? 0,
    name: user?.name ?? repo.owner,
    path: repo.owner,
    kind: 'user',
    full_path: repo.owner,
    parent_id: null,
    avatar_url: user === undefined ? null : context.avatar(user.id),
    web_url: `${web}/${repo.owner}`,
  };
}

/** `GET /projects/:id` and the project lists. */
export function renderProject(context: RenderContext, repo: DatasetRepository): Json {
  const web = context.web();
  return {
    id: repo.id,
    description: repo.description,
    name: repo.name,
    name_with_namespace: repo.fullName.split('/').join(' / '),
    path: repo.name,
    path_with_namespace: repo.fullName,
    created_at: repo.createdAt,
    updated_at: repo.updatedAt,
    default_branch: repo.defaultBranch,
    tag_list: [],
    topics: [],
    ssh_url_to_repo: `git@${context.host()}:${repo.fullName}.git`,
    http_url_to_repo: `${web}/${repo.fullName}.git`,
    web_url: `${web}/${repo.fullName}`,
    readme_url: `${web}/${repo.fullName}/-/blob/${repo.defaultBranch}/README.md`,
    avatar_url: null,
    forks_count: 0,
    star_count: 0,
    last_activity_at: repo.pushedAt,
    namespace: renderNamespace(context, repo),
    visibility: repo.visibility,
    archived: repo.archived,
    empty_repo: false,
    forked_from_project: repo.fork
      ? { id: repo.id + 1, path_with_namespace: `upstream/${repo.name}` }
      : undefined,
    _links: {
      self: `${web}/api/v4/projects/${repo.id}`,
      merge_requests: `${web}/api/v4/projects/${repo.id}/merge_requests`,
      repo_branches: `${web}/api/v4/projects/${repo.id}/repository/branches`,
    },
  };
}

/** `GET /projects/:id/repository/contributors`: git identities, no account. */
export function renderContributor(contributor: DatasetContributor): Json {
  return {
    name: contributor.name,
    email: contributor.email,
    commits: contributor.contributions,
    additions: 0,
    deletions: 0,
  };
}
