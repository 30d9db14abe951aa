import type {
  DatasetCommit,
  DatasetDiffFile,
  DatasetPerson,
  DatasetRepository,
} from '../../../dataset/types.js';
import { EXAMPLE_WEB } from './common.js';

function renderPerson(person: DatasetPerson, date: string): Record<string, unknown> {
  return { handle: person.login, name: person.name, email: person.email, date };
}

export function renderCommit(
  repo: DatasetRepository,
  commit: DatasetCommit,
): Record<string, unknown> {
  return {
    sha: commit.sha,
    message: commit.message,
    author: renderPerson(commit.author, commit.authoredAt),
    committer: renderPerson(commit.committer, commit.committedAt),
    parent_shas: commit.parents,
    web_url: `${EXAMPLE_WEB}/${repo.fullName}/commit/${commit.sha}`,
  };
}

const CHANGE: Record<DatasetDiffFile['status'], string> = {
  added: 'add',
  modified: 'modify',
  removed: 'delete',
};

export function renderDiff(
  headSha: string,
  baseSha: string | null,
  files: readonly DatasetDiffFile[],
): Record<string, unknown> {
  return {
    head_sha: headSha,
    base_sha: baseSha,
    truncated: false,
    files: files.map((file) => ({
      path: file.path,
      old_path: file.previousPath,
      change: CHANGE[file.status],
      added_lines: file.additions,
      removed_lines: file.deletions,
      is_binary: file.binary,
      hunks: file.patch,
    })),
  };
}
