import type {
  Dataset,
  DatasetCommit,
  DatasetRepository,
  DatasetUser,
} from '../../dataset/types.js';
import type { GitLabGroup } from '../gitlab-dataset.js';

/**
 * GitLab REST v4 JSON over the dataset (https://docs.gitlab.com/api/api_resources/), one file per
 * resource group (the adapter's `ops/` groups); this one holds what several render: the instance's
 * URLs and the basic user GitLab nests. Objects carry every field GitLab's own response schemas
 * list (spec/fixtures/api/schemas/public_api/v4/), so the adapter is tested against complete
 * payloads. The simulated provider's side; the adapter never imports it.
 */
export type Json = Record<string, unknown>;

/** What every renderer reads: the dataset, its users and groups, and the instance's root URL. */
export interface RenderContext {
  dataset: Dataset;
  users: ReadonlyMap<string, DatasetUser>;
  groupsByPath: ReadonlyMap<string, GitLabGroup>;
  /** The instance root as clients reach it (origin + path prefix). */
  web: () => string;
  host: () => string;
  avatar: (id: number) => string;
}

export function createRenderContext(
  dataset: Dataset,
  groups: readonly GitLabGroup[],
  web: () => string,
): RenderContext {
  return {
    dataset,
    users: new Map(dataset.users.map((user) => [user.login, user])),
    groupsByPath: new Map(groups.map((group) => [group.fullPath, group])),
    web,
    host: () => new URL(web()).host,
    avatar: (id) => `${web()}/uploads/-/system/user/avatar/${id}/avatar.png`,
  };
}

/** The "basic" user GitLab embeds in merge requests, notes, releases (`user/basic.json`). */
export function renderUserBasic(context: RenderContext, login: string | null): Json | null {
  if (login === null) return null;
  const user = context.users.get(login);
  if (user === undefined) return null;
  return {
    id: user.id,
    username: user.login,
    name: user.name,
    state: 'active',
    locked: false,
    avatar_url: context.avatar(user.id),
    web_url: `${context.web()}/${user.login}`,
  };
}

export function findCommit(repo: DatasetRepository, sha: string): DatasetCommit | undefined {
  return repo.commits.find((candidate) => candidate.sha === sha);
}
