import type { Dataset, DatasetCommit, DatasetRepository } from '../../dataset/types.js';
import {
  commitLinks,
  href,
  renderAuthor,
  renderCommitRef,
  renderRepositoryRef,
  type Hosts,
  type Json,
} from './common.js';

export function renderCommit(
  hosts: Hosts,
  dataset: Dataset,
  repo: DatasetRepository,
  commit: DatasetCommit,
): Json {
  return {
    type: 'commit',
    hash: commit.sha,
    // Bitbucket's `date` is the author date; it exposes no committer.
    date: commit.authoredAt,
    author: renderAuthor(hosts, dataset, commit.author),
    message: commit.message,
    summary: { type: 'rendered', raw: commit.message, markup: 'markdown', html: '' },
    parents: commit.parents.map((sha) => renderCommitRef(hosts, repo, sha)),
    repository: renderRepositoryRef(hosts, repo),
    links: {
      ...commitLinks(hosts, repo, commit.sha),
      diff: href(`${hosts.api}/repositories/${repo.fullName}/diff/${commit.sha}`),
      statuses: href(`${hosts.api}/repositories/${repo.fullName}/commit/${commit.sha}/statuses`),
    },
  };
}

export function renderDiffstat(
  hosts: Hosts,
  repo: DatasetRepository,
  files: DatasetCommit['files'],
  newSha: string,
  oldSha: string | null,
): Json[] {
  const side = (path: string, sha: string | null): Json | null =>
    sha === null
      ? null
      : {
          type: 'commit_file',
          path,
          escaped_path: path,
          links: { self: href(`${hosts.api}/repositories/${repo.fullName}/src/${sha}/${path}`) },
        };
  return files.map((file) => ({
    type: 'diffstat',
    status: file.status,
    lines_added: file.additions,
    lines_removed: file.deletions,
    old: file.status === 'added' ? null : side(file.previousPath ?? file.path, oldSha ?? newSha),
    new: file.status === 'removed' ? null : side(file.path, newSha),
  }));
}
