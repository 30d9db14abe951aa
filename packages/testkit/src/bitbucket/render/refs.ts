import type {
  Dataset,
  DatasetBranch,
  DatasetCommit,
  DatasetRepository,
  DatasetTag,
} from '../../dataset/types.js';
import { href, renderAuthor, renderCommitRef, type Hosts, type Json } from './common.js';
import { renderCommit } from './commits.js';

export function renderBranch(
  hosts: Hosts,
  dataset: Dataset,
  repo: DatasetRepository,
  branch: DatasetBranch,
  commit: DatasetCommit | undefined,
): Json {
  return {
    type: 'branch',
    name: branch.name,
    target:
      commit === undefined
        ? renderCommitRef(hosts, repo, branch.sha)
        : renderCommit(hosts, dataset, repo, commit),
    merge_strategies: ['merge_commit', 'squash', 'fast_forward'],
    default_merge_strategy: 'merge_commit',
    links: {
      self: href(`${hosts.api}/repositories/${repo.fullName}/refs/branches/${branch.name}`),
      commits: href(`${hosts.api}/repositories/${repo.fullName}/commits/${branch.name}`),
      html: href(`${hosts.web}/${repo.fullName}/branch/${branch.name}`),
    },
  };
}

export function renderTag(
  hosts: Hosts,
  dataset: Dataset,
  repo: DatasetRepository,
  tag: DatasetTag,
  commit: DatasetCommit | undefined,
): Json {
  const tagger = commit === undefined ? null : renderAuthor(hosts, dataset, commit.committer);
  return {
    type: 'tag',
    name: tag.name,
    // Lightweight tags have no message or date of their own.
    message: tag.message,
    date: tag.message === null ? null : tag.createdAt,
    tagger: tag.message === null ? null : tagger,
    target:
      commit === undefined
        ? renderCommitRef(hosts, repo, tag.sha)
        : renderCommit(hosts, dataset, repo, commit),
    links: {
      self: href(`${hosts.api}/repositories/${repo.fullName}/refs/tags/${tag.name}`),
      html: href(`${hosts.web}/${repo.fullName}/commits/tag/${tag.name}`),
    },
  };
}
