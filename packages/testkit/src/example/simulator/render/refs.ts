import type {
  DatasetBranch,
  DatasetRelease,
  DatasetRepository,
  DatasetTag,
} from '../../../dataset/types.js';
import { EXAMPLE_WEB } from './common.js';

export function renderBranch(
  repo: DatasetRepository,
  branch: DatasetBranch,
): Record<string, unknown> {
  return {
    name: branch.name,
    head: { sha: branch.sha },
    is_protected: branch.protected,
    is_default: branch.name === repo.defaultBranch,
  };
}

export function renderTag(tag: DatasetTag): Record<string, unknown> {
  return {
    name: tag.name,
    target_sha: tag.sha,
    annotation: tag.message,
    created_at: tag.createdAt,
  };
}

export function renderRelease(
  repo: DatasetRepository,
  release: DatasetRelease,
): Record<string, unknown> {
  return {
    id: release.id,
    tag: release.tagName,
    title: release.name,
    notes: release.body,
    is_draft: release.draft,
    is_prerelease: release.prerelease,
    author: { handle: release.author },
    created_at: release.createdAt,
    published_at: release.publishedAt,
    web_url: `${EXAMPLE_WEB}/${repo.fullName}/releases/${release.tagName}`,
  };
}
