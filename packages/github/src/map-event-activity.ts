import { ReviewStateSchema, type EventRepositorySchema, type ScmEvent } from '@scm/core';
import type { z } from 'zod';
import {
  WireCommitCommentEventSchema,
  WireInstallationEventSchema,
  WireIssueCommentEventSchema,
  WireIssuesEventSchema,
  WirePullRequestReviewEventSchema,
  WireRepositoryEventSchema,
  WireReviewCommentEventSchema,
} from './github-schemas.js';
import { eventPayload, eventTime, type EventCommon } from './map-common.js';

type Review = Extract<ScmEvent, { type: 'review' }>;
type Repository = Extract<ScmEvent, { type: 'repository' }>;
type EventRepository = z.infer<typeof EventRepositorySchema>;

const id = (value: number | null | undefined): string | null =>
  value === null || value === undefined ? null : String(value);

/** GitHub writes review states lowercase in webhooks (`approved`) and uppercase in the API. */
function reviewState(state: string): Review['state'] {
  return ReviewStateSchema.safeParse(state.toLowerCase()).data ?? 'commented';
}

/** `pull_request_review`: a review submitted, edited or dismissed. */
export function mapPullRequestReviewEvent(payload: unknown, common: EventCommon): ScmEvent {
  const { review, pull_request: pr } = eventPayload(
    WirePullRequestReviewEventSchema,
    payload,
    'pull_request_review',
  );
  return {
    ...common,
    type: 'review',
    occurredAt: eventTime(review.submitted_at) ?? common.occurredAt,
    pullRequest: { number: pr.number, title: pr.title ?? null, webUrl: pr.html_url ?? null },
    reviewId: String(review.id),
    state: reviewState(review.state),
    body: review.body ?? null,
    commitSha: review.commit_id ?? null,
    webUrl: review.html_url ?? null,
  };
}

/** `pull_request_review_comment`: a comment on a line of a pull request's diff. */
export function mapReviewCommentEvent(payload: unknown, common: EventCommon): ScmEvent {
  const { comment, pull_request: pr } = eventPayload(
    WireReviewCommentEventSchema,
    payload,
    'pull_request_review_comment',
  );
  return {
    ...common,
    type: 'comment',
    occurredAt: eventTime(comment.updated_at) ?? eventTime(comment.created_at) ?? common.occurredAt,
    subject: 'pull_request',
    commentId: String(comment.id),
    body: comment.body ?? '',
    webUrl: comment.html_url ?? null,
    number: pr.number,
    title: pr.title ?? null,
    commitSha: comment.commit_id ?? null,
    path: comment.path ?? null,
    line: comment.line ?? comment.original_line ?? null,
    reviewId: id(comment.pull_request_review_id),
  };
}

/** `issue_comment`: a comment on an issue, or on a pull request's conversation. */
export function mapIssueCommentEvent(payload: unknown, common: EventCommon): ScmEvent {
  const { comment, issue } = eventPayload(WireIssueCommentEventSchema, payload, 'issue_comment');
  return {
    ...common,
    type: 'comment',
    occurredAt: eventTime(comment.updated_at) ?? eventTime(comment.created_at) ?? common.occurredAt,
    // GitHub's pull requests are issues; `issue.pull_request` says which.
    subject:
      issue.pull_request === null || issue.pull_request === undefined ? 'issue' : 'pull_request',
    commentId: String(comment.id),
    body: comment.body ?? '',
    webUrl: comment.html_url ?? null,
    number: issue.number,
    title: issue.title,
    commitSha: null,
    path: null,
    line: null,
    reviewId: null,
  };
}

/** `commit_comment`: a comment on a commit, or on a line of it. */
export function mapCommitCommentEvent(payload: unknown, common: EventCommon): ScmEvent {
  const { comment } = eventPayload(WireCommitCommentEventSchema, payload, 'commit_comment');
  return {
    ...common,
    type: 'comment',
    occurredAt: eventTime(comment.updated_at) ?? eventTime(comment.created_at) ?? common.occurredAt,
    subject: 'commit',
    commentId: String(comment.id),
    body: comment.body ?? '',
    webUrl: comment.html_url ?? null,
    number: null,
    title: null,
    commitSha: comment.commit_id ?? null,
    path: comment.path ?? null,
    line: comment.line ?? null,
    reviewId: null,
  };
}

/** `issues`: an issue opened, edited, closed, reopened, labeled, assigned… */
export function mapIssuesEvent(payload: unknown, common: EventCommon): ScmEvent {
  const { issue } = eventPayload(WireIssuesEventSchema, payload, 'issues');
  return {
    ...common,
    type: 'issue',
    occurredAt: eventTime(issue.updated_at) ?? common.occurredAt,
    number: issue.number,
    title: issue.title,
    state: issue.state === 'closed' ? 'closed' : 'open',
    webUrl: issue.html_url ?? null,
    labels: (issue.labels ?? []).map((label) => label.name),
  };
}

const REPOSITORY_CHANGE: Readonly<Record<string, Repository['change']>> = {
  created: 'created',
  deleted: 'deleted',
  renamed: 'renamed',
  transferred: 'transferred',
  archived: 'archived',
  unarchived: 'unarchived',
  publicized: 'visibility_changed',
  privatized: 'visibility_changed',
};

/**
 * `repository`: created, deleted, renamed, transferred, archived, unarchived, publicized,
 * privatized or edited. https://docs.github.com/en/webhooks/webhook-events-and-payloads#repository
 */
export function mapRepositoryEvent(payload: unknown, common: EventCommon): ScmEvent {
  const { repository, changes } = eventPayload(WireRepositoryEventSchema, payload, 'repository');
  const action = common.action ?? '';
  const [owner = '', ...rest] = repository.full_name.split('/');
  const name = rest.join('/');
  const renamedFrom = changes?.repository?.name.from;
  const ownerFrom = changes?.owner?.from.user?.login ?? changes?.owner?.from.organization?.login;
  const visibility =
    action === 'privatized'
      ? 'private'
      : action === 'publicized'
        ? 'public'
        : repository.visibility === 'public' ||
            repository.visibility === 'private' ||
            repository.visibility === 'internal'
          ? repository.visibility
          : repository.private === true
            ? 'private'
            : repository.private === false
              ? 'public'
              : null;
  return {
    ...common,
    type: 'repository',
    occurredAt: eventTime(repository.updated_at) ?? common.occurredAt,
    change: REPOSITORY_CHANGE[action] ?? 'edited',
    visibility,
    archived: repository.archived ?? null,
    previousFullName:
      renamedFrom !== undefined
        ? `${owner}/${renamedFrom}`
        : ownerFrom !== undefined
          ? `${ownerFrom}/${name}`
          : null,
  };
}

function installationRepositories(
  repositories:
    { id: number; full_name: string; html_url?: string | null | undefined }[] | null | undefined,
): EventRepository[] {
  return (repositories ?? []).map((repository) => ({
    id: String(repository.id),
    fullName: repository.full_name,
    webUrl: repository.html_url ?? null,
  }));
}

/**
 * `installation` (created, deleted, suspend, unsuspend, new_permissions_accepted) and
 * `installation_repositories` (added, removed): one `installation` event. The repositories listed
 * by `created` are added, by `deleted` removed.
 */
export function mapInstallationEvent(payload: unknown, common: EventCommon): ScmEvent {
  const parsed = eventPayload(WireInstallationEventSchema, payload, 'installation');
  const { installation } = parsed;
  const { account } = installation;
  const selection = parsed.repository_selection ?? installation.repository_selection;
  const listed = installationRepositories(parsed.repositories);
  return {
    ...common,
    type: 'installation',
    occurredAt: eventTime(installation.updated_at) ?? common.occurredAt,
    installationId: String(installation.id),
    account:
      account === null || account === undefined
        ? null
        : {
            id: String(account.id),
            login: account.login ?? account.slug ?? null,
            type: account.type ?? null,
          },
    repositorySelection: selection === 'all' || selection === 'selected' ? selection : null,
    repositoriesAdded: [
      ...(common.action === 'created' ? listed : []),
      ...installationRepositories(parsed.repositories_added),
    ],
    repositoriesRemoved: [
      ...(common.action === 'deleted' ? listed : []),
      ...installationRepositories(parsed.repositories_removed),
    ],
  };
}
