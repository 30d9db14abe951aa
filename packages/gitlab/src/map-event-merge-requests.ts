import type { ScmEvent } from '@scm/core';
import {
  WireIssueEventSchema,
  WireMergeRequestAttributesSchema,
  WireMergeRequestEventSchema,
  WireNoteEventSchema,
  type WireMergeRequestAttributes,
} from './gitlab-schemas.js';
import { invalid, when, type EventCommon } from './map-event-common.js';
import { mapMergeRequestState } from './map-pull-requests.js';

const MR_NUMBER_IN_URL = /\/merge_requests\/(\d{1,12})(?:[#?].*)?$/;
const STATE_BY_ACTION: Readonly<Record<string, string>> = { merge: 'merged', close: 'closed' };

function mergeRequestEvent(attributes: WireMergeRequestAttributes, common: EventCommon): ScmEvent {
  const number = attributes.iid ?? Number(MR_NUMBER_IN_URL.exec(attributes.url ?? '')?.[1]);
  if (!Number.isSafeInteger(number)) throw invalid('Merge Request Hook without a number');
  const state = attributes.state ?? STATE_BY_ACTION[attributes.action ?? ''] ?? 'opened';
  return {
    ...common,
    occurredAt: when(common, attributes.updated_at, attributes.created_at),
    type: 'pull_request',
    action: attributes.action ?? null,
    number,
    title: attributes.title ?? '',
    state: mapMergeRequestState(state),
    sourceBranch: attributes.source_branch ?? null,
    targetBranch: attributes.target_branch ?? null,
    headSha: attributes.last_commit?.id ?? null,
    webUrl: attributes.url ?? null,
    merged: state === 'merged',
    mergeCommitSha: state === 'merged' ? (attributes.merge_commit_sha ?? null) : null,
  };
}

/** One user's approval given (`approval`) or withdrawn (`unapproval`): a review. */
const REVIEW_ACTIONS: Readonly<Record<string, 'approved' | 'dismissed'>> = {
  approval: 'approved',
  unapproval: 'dismissed',
};

/**
 * `Merge Request Hook`: the merge request as it is after the action; a user's approval given or
 * withdrawn (`approval` / `unapproval`) is a review. (`approved` / `unapproved`, the merge request
 * reaching or leaving its required approvals, stay pull request events.)
 */
export function mapMergeRequestEvent(payload: unknown, common: EventCommon): ScmEvent {
  const parsed = WireMergeRequestEventSchema.safeParse(payload);
  if (!parsed.success) throw invalid('Malformed Merge Request Hook');
  const event = mergeRequestEvent(parsed.data.object_attributes, common);
  const review = REVIEW_ACTIONS[parsed.data.object_attributes.action ?? ''];
  if (review === undefined || event.type !== 'pull_request') return event;
  return {
    ...common,
    occurredAt: event.occurredAt,
    type: 'review',
    action: event.action,
    pullRequest: { number: event.number, title: event.title, webUrl: event.webUrl },
    reviewId: null,
    state: review,
    body: null,
    commitSha: event.headSha,
    webUrl: event.webUrl,
  };
}

/**
 * `Note Hook` (and `Confidential Note Hook`): a comment on a merge request (a diff note has a
 * `position`), an issue or a commit. Snippet notes have no normalized type.
 */
export function mapNoteEvent(event: string, payload: unknown, common: EventCommon): ScmEvent {
  const parsed = WireNoteEventSchema.safeParse(payload);
  if (!parsed.success) throw invalid('Malformed Note Hook');
  const attributes = parsed.data.object_attributes;
  const base = {
    ...common,
    // When the comment was made or edited, not when its subject last changed.
    occurredAt: when(common, attributes.updated_at, attributes.created_at),
    type: 'comment' as const,
    action: attributes.action ?? null,
    commentId: attributes.id === null || attributes.id === undefined ? '' : String(attributes.id),
    body: attributes.note ?? '',
    webUrl: attributes.url ?? null,
    path: attributes.position?.new_path ?? attributes.st_diff?.new_path ?? null,
    line: attributes.position?.new_line ?? null,
    reviewId: null,
  };
  switch (attributes.noteable_type ?? '') {
    case 'MergeRequest': {
      const mergeRequest = WireMergeRequestAttributesSchema.safeParse(parsed.data.merge_request);
      if (!mergeRequest.success) break;
      const pr = mergeRequestEvent(mergeRequest.data, common);
      if (pr.type !== 'pull_request') break;
      return {
        ...base,
        subject: 'pull_request',
        number: pr.number,
        title: pr.title,
        commitSha: pr.headSha,
      };
    }
    case 'Issue':
      if (parsed.data.issue === null || parsed.data.issue === undefined) break;
      return {
        ...base,
        subject: 'issue',
        number: parsed.data.issue.iid,
        title: parsed.data.issue.title ?? null,
        commitSha: null,
      };
    case 'Commit':
      return {
        ...base,
        subject: 'commit',
        number: null,
        title: null,
        commitSha: parsed.data.commit?.id ?? (attributes.commit_id || null),
      };
    default:
      break;
  }
  return { ...common, type: 'unknown', action: null, providerEvent: event };
}

/** `Issue Hook` (and `Confidential Issue Hook`): an issue opened, updated, closed or reopened. */
export function mapIssueEvent(payload: unknown, common: EventCommon): ScmEvent {
  const parsed = WireIssueEventSchema.safeParse(payload);
  if (!parsed.success) throw invalid('Malformed Issue Hook');
  const issue = parsed.data.object_attributes;
  return {
    ...common,
    occurredAt: when(common, issue.updated_at, issue.created_at),
    type: 'issue',
    action: issue.action ?? null,
    number: issue.iid,
    title: issue.title ?? '',
    state: issue.state === 'closed' ? 'closed' : 'open',
    webUrl: issue.url ?? null,
    labels: (parsed.data.labels ?? []).map((label) => label.title),
  };
}
