import type {
  DatasetBranch,
  DatasetRelease,
  DatasetRepository,
  DatasetTag,
} from '../../dataset/types.js';
import { findCommit, renderUserBasic, type Json, type RenderContext } from './common.js';
import { renderCommit } from './commits.js';

/** `GET /projects/:id/repository/branches`: a branch and its head commit. */
export function renderBranch(
  context: RenderContext,
  repo: DatasetRepository,
  branch: DatasetBranch,
): Json {
  const head = findCommit(repo, branch.sha);
  return {
    name: branch.name,
    merged: false,
    protected: branch.protected,
    default: branch.name === repo.defaultBranch,
    developers_can_push: !branch.protected,
    developers_can_merge: !branch.protected,
    can_push: true,
    web_url: `${context.web()}/${repo.fullName}/-/tree/${branch.name}`,
    commit: head === undefined ? { id: branch.sha } : renderCommit(context, repo, head),
  };
}

/** `GET /projects/:id/repository/tags`. */
export function renderTag(context: RenderContext, repo: DatasetRepository, tag: DatasetTag): Json {
  const target = findCommit(repo, tag.sha);
  return {
    name: tag.name,
    message: tag.message ?? '',
    // An annotated tag's target is the tag object; a lightweight tag's is the commit.
    target: tag.message === null ? tag.sha : `${tag.sha.slice(0, 32)}${'a'.repeat(8)}`,
    commit: target === undefined ? { id: tag.sha } : renderCommit(context, repo, target),
    release: null,
    protected: false,
    created_at: tag.message === null ? null : tag.createdAt,
  };
}

/** `GET /projects/:id/releases`: identified by its tag, with no draft state. */
export function renderRelease(
  context: RenderContext,
  repo: DatasetRepository,
  release: DatasetRelease,
): Json {
  const web = context.web();
  const tag = repo.tags.find((candidate) => candidate.name === release.tagName);
  const target = tag === undefined ? undefined : findCommit(repo, tag.sha);
  return {
    tag_name: release.tagName,
    description: release.body,
    name: release.name,
    created_at: release.createdAt,
    released_at: release.publishedAt ?? release.createdAt,
    upcoming_release: release.prerelease,
    author: renderUserBasic(context, release.author),
    commit: target === undefined ? null : renderCommit(context, repo, target),
    commit_path: `/${repo.fullName}/-/commit/${tag?.sha ?? ''}`,
    tag_path: `/${repo.fullName}/-/tags/${release.tagName}`,
    assets: { count: 0, sources: [], links: [] },
    evidences: [],
    _links: {
      self: `${web}/${repo.fullName}/-/releases/${release.tagName}`,
      edit_url: `${web}/${repo.fullName}/-/releases/${release.tagName}/edit`,
    },
  };
}
