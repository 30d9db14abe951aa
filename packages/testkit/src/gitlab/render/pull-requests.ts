import type { DatasetPullRequest, DatasetRepository } from '../../dataset/types.js';
import { renderUserBasic, type Json, type RenderContext } from './common.js';

/** `GET /projects/:id/merge_requests[/:iid]` and `/merge_requests`. */
export function renderMergeRequest(
  context: RenderContext,
  repo: DatasetRepository,
  pr: DatasetPullRequest,
): Json {
  const author = renderUserBasic(context, pr.author);
  const state = pr.state === 'open' ? 'opened' : pr.state;
  return {
    id: pr.id,
    iid: pr.number,
    project_id: repo.id,
    title: pr.draft ? `Draft: ${pr.title}` : pr.title,
    description: pr.body,
    state,
    created_at: pr.createdAt,
    updated_at: pr.updatedAt,
    merged_by: pr.state === 'merged' ? author : null,
    merge_user: pr.state === 'merged' ? author : null,
    merged_at: pr.mergedAt,
    closed_by: pr.state === 'closed' ? author : null,
    closed_at: pr.closedAt,
    target_branch: pr.targetBranch,
    source_branch: pr.sourceBranch,
    user_notes_count: 0,
    upvotes: 0,
    downvotes: 0,
    author,
    assignee: null,
    assignees: [],
    reviewers: [],
    source_project_id: repo.id,
    target_project_id: repo.id,
    labels: pr.labels,
    draft: pr.draft,
    work_in_progress: pr.draft,
    milestone: null,
    merge_when_pipeline_succeeds: false,
    merge_status: 'can_be_merged',
    detailed_merge_status: pr.state === 'open' ? 'mergeable' : 'not_open',
    sha: pr.headSha,
    merge_commit_sha: null,
    squash_commit_sha: null,
    discussion_locked: null,
    should_remove_source_branch: null,
    force_remove_source_branch: false,
    allow_collaboration: false,
    allow_maintainer_to_push: false,
    reference: `!${pr.number}`,
    references: {
      short: `!${pr.number}`,
      relative: `!${pr.number}`,
      full: `${repo.fullName}!${pr.number}`,
    },
    web_url: `${context.web()}/${repo.fullName}/-/merge_requests/${pr.number}`,
    time_stats: {
      time_estimate: 0,
      total_time_spent: 0,
      human_time_estimate: null,
      human_total_time_spent: null,
    },
    squash: false,
    changes_count: String(pr.files.length),
    task_completion_status: { count: 0, completed_count: 0 },
    has_conflicts: false,
    blocking_discussions_resolved: true,
    head_pipeline: null,
    diff_refs: { base_sha: pr.baseSha, head_sha: pr.headSha, start_sha: pr.baseSha },
  };
}

/** `POST /projects/:id/merge_requests/:iid/notes`: the note created. */
export function renderNote(
  context: RenderContext,
  repo: DatasetRepository,
  pr: DatasetPullRequest,
  note: { id: number; body: string; createdAt: string },
): Json {
  return {
    id: note.id,
    type: null,
    body: note.body,
    author: renderUserBasic(context, context.dataset.viewer.login),
    created_at: note.createdAt,
    updated_at: note.createdAt,
    system: false,
    noteable_id: pr.id,
    noteable_type: 'MergeRequest',
    noteable_iid: pr.number,
    project_id: repo.id,
  };
}
