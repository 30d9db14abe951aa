import type { DatasetCommit, DatasetDiffFile, DatasetRepository } from '../../dataset/types.js';
import type { Json, RenderContext } from './common.js';

/** `GET /projects/:id/repository/commits[/:sha]`, and the commit of branches, tags, releases. */
export function renderCommit(
  context: RenderContext,
  repo: DatasetRepository,
  value: DatasetCommit,
): Json {
  return {
    id: value.sha,
    short_id: value.sha.slice(0, 8),
    created_at: value.committedAt,
    parent_ids: value.parents,
    title: value.message.split('\n', 1)[0] ?? '',
    message: value.message,
    author_name: value.author.name,
    author_email: value.author.email,
    authored_date: value.authoredAt,
    committer_name: value.committer.name,
    committer_email: value.committer.email,
    committed_date: value.committedAt,
    trailers: {},
    extended_trailers: {},
    web_url: `${context.web()}/${repo.fullName}/-/commit/${value.sha}`,
  };
}

/** One file of a commit's or a merge request's diff. */
export function renderDiff(file: DatasetDiffFile): Json {
  return {
    old_path: file.previousPath ?? file.path,
    new_path: file.path,
    a_mode: file.status === 'added' ? '0' : '100644',
    b_mode: file.status === 'removed' ? '0' : '100644',
    diff: file.binary ? `Binary files a/${file.path} and b/${file.path} differ\n` : file.patch,
    new_file: file.status === 'added',
    renamed_file: false,
    deleted_file: file.status === 'removed',
    generated_file: false,
  };
}
