import { deriveSha } from '../../dataset/diff.js';
import type {
  Dataset,
  DatasetCommit,
  DatasetDiffFile,
  DatasetPerson,
  DatasetRepository,
} from '../../dataset/types.js';
import { accountFor, nodeId, type Hosts, type Json } from './common.js';

function gitUser(person: DatasetPerson, date: string): Json {
  return { name: person.name, email: person.email, date };
}

function commitAccount(dataset: Dataset, hosts: Hosts, person: DatasetPerson): Json | null {
  // Git identities whose email matches no GitHub account have `author: null`.
  return person.login === null ? null : accountFor(dataset, hosts, person.login);
}

export function treeSha(commit: DatasetCommit): string {
  return deriveSha('tree', commit.sha, '');
}

export function renderCommit(
  dataset: Dataset,
  hosts: Hosts,
  repo: DatasetRepository,
  commit: DatasetCommit,
): Json {
  const api = `${hosts.api}/repos/${repo.fullName}`;
  return {
    sha: commit.sha,
    node_id: nodeId('C', `${repo.id}:${commit.sha}`),
    commit: {
      author: gitUser(commit.author, commit.authoredAt),
      committer: gitUser(commit.committer, commit.committedAt),
      message: commit.message,
      tree: { sha: treeSha(commit), url: `${api}/git/trees/${treeSha(commit)}` },
      url: `${api}/git/commits/${commit.sha}`,
      comment_count: 0,
      verification: {
        verified: false,
        reason: 'unsigned',
        signature: null,
        payload: null,
        verified_at: null,
      },
    },
    url: `${api}/commits/${commit.sha}`,
    html_url: `${hosts.web}/${repo.fullName}/commit/${commit.sha}`,
    comments_url: `${api}/commits/${commit.sha}/comments`,
    author: commitAccount(dataset, hosts, commit.author),
    committer: commitAccount(dataset, hosts, commit.committer),
    parents: commit.parents.map((sha) => ({
      sha,
      url: `${api}/commits/${sha}`,
      html_url: `${hosts.web}/${repo.fullName}/commit/${sha}`,
    })),
  };
}

export function renderDiffEntry(
  hosts: Hosts,
  repo: DatasetRepository,
  ref: string,
  file: DatasetDiffFile,
): Json {
  const path = file.path.split('/').map(encodeURIComponent).join('/');
  return {
    sha: deriveSha('blob', ref, file.path),
    filename: file.path,
    status: file.status,
    additions: file.additions,
    deletions: file.deletions,
    changes: file.additions + file.deletions,
    blob_url: `${hosts.web}/${repo.fullName}/blob/${ref}/${path}`,
    raw_url: `${hosts.web}/${repo.fullName}/raw/${ref}/${path}`,
    contents_url: `${hosts.api}/repos/${repo.fullName}/contents/${path}?ref=${ref}`,
    // GitHub omits `patch` for binary files and for diffs too large to show.
    ...(file.binary ? {} : { patch: file.patch }),
    ...(file.previousPath === null ? {} : { previous_filename: file.previousPath }),
  };
}

/** `GET /repos/:o/:r/commits/:ref`: the commit plus its stats and (one page of) files. */
export function renderCommitWithFiles(
  dataset: Dataset,
  hosts: Hosts,
  repo: DatasetRepository,
  commit: DatasetCommit,
  files: readonly DatasetDiffFile[],
): Json {
  const additions = commit.files.reduce((sum, file) => sum + file.additions, 0);
  const deletions = commit.files.reduce((sum, file) => sum + file.deletions, 0);
  return {
    ...renderCommit(dataset, hosts, repo, commit),
    stats: { total: additions + deletions, additions, deletions },
    files: files.map((file) => renderDiffEntry(hosts, repo, commit.sha, file)),
  };
}
