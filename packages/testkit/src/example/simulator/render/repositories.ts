import type { DatasetContributor, DatasetRepository } from '../../../dataset/types.js';
import { EXAMPLE_WEB } from './common.js';

export function renderRepository(repo: DatasetRepository): Record<string, unknown> {
  return {
    id: repo.id,
    slug: repo.fullName,
    name: repo.name,
    owner: { handle: repo.owner, kind: repo.ownerType === 'user' ? 'user' : 'org' },
    summary: repo.description,
    access: repo.visibility,
    main_branch: repo.defaultBranch,
    is_archived: repo.archived,
    is_fork: repo.fork,
    web_url: `${EXAMPLE_WEB}/${repo.fullName}`,
    clone_url: `${EXAMPLE_WEB}/${repo.fullName}.git`,
    ssh_url: `git@example.test:${repo.fullName}.git`,
    created_at: repo.createdAt,
    updated_at: repo.updatedAt,
    last_push_at: repo.pushedAt,
  };
}

export function renderContributor(contributor: DatasetContributor): Record<string, unknown> {
  return {
    id: contributor.userId,
    handle: contributor.login,
    display_name: contributor.name,
    email: contributor.email,
    commit_count: contributor.contributions,
    avatar_url: `${EXAMPLE_WEB}/avatars/${contributor.login}.png`,
  };
}
