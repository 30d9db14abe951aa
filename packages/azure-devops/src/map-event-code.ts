import type { CommentEvent, PullRequestEvent, PushEvent, RefEvent, ScmEvent } from '@scm/core';
import type { z } from 'zod';
import type {
  WireCommentResourceSchema,
  WirePullRequestResource,
  WirePushResourceSchema,
} from './azure-schemas.js';
import { branchName, tagName } from './map-common.js';
import {
  eventBase,
  eventRepository,
  repositoryPage,
  type DeliveryContext,
} from './map-event-common.js';
import { pullRequestState } from './map-pull-requests.js';

/** The pull request's page: Azure's web URL of the repository, `/pullrequest/<id>`. */
function pullRequestPage(resource: WirePullRequestResource): string | null {
  const page = repositoryPage(resource.repository);
  return page === null ? null : `${page}/pullrequest/${resource.pullRequestId}`;
}

const ZERO_SHA = /^0{40}$/;
const shaOrNull = (sha: string | null | undefined): string | null =>
  sha === null || sha === undefined || sha === '' || ZERO_SHA.test(sha) ? null : sha;

type PushResource = z.infer<typeof WirePushResourceSchema>;
type CommentResource = z.infer<typeof WireCommentResourceSchema>;

/**
 * `git.push`: one push event per ref the push updated, each followed by a `ref` event when it
 * created or deleted the ref (from or to the zero sha). Azure lists the push's commits once for
 * the whole push: they go with the ref when the push moved one ref; with several, no ref can
 * claim them and each push event says `truncated`.
 */
export function mapPushEvents(
  payload: unknown,
  createdDate: string | null | undefined,
  resource: PushResource,
  delivery: DeliveryContext,
): ScmEvent[] {
  const repository = eventRepository(resource.repository, delivery);
  const single = resource.refUpdates.length === 1;
  const commits = (resource.commits ?? []).map((commit) => ({
    sha: commit.commitId,
    message: commit.comment ?? '',
    author: commit.author?.name ?? null,
  }));
  const events: ScmEvent[] = [];
  for (const update of resource.refUpdates) {
    const common = eventBase(payload, delivery, {
      createdDate: resource.date ?? createdDate,
      action: null,
      repository,
      sender: resource.pushedBy,
    });
    const before = shaOrNull(update.oldObjectId);
    const after = shaOrNull(update.newObjectId);
    const push: PushEvent = {
      ...common,
      type: 'push',
      ref: update.name,
      before,
      after,
      created: before === null,
      deleted: after === null,
      forced: null,
      commits: single && after !== null ? commits : [],
      truncated: !single && commits.length > 0,
      totalCommits: single ? commits.length : null,
    };
    events.push(push);
    const isBranch = update.name.startsWith('refs/heads/');
    const isTag = update.name.startsWith('refs/tags/');
    if ((before === null || after === null) && (isBranch || isTag)) {
      const ref: RefEvent = {
        ...common,
        type: 'ref',
        action: 'change',
        refType: isBranch ? 'branch' : 'tag',
        name: isBranch ? branchName(update.name) : tagName(update.name),
        ref: update.name,
        change: before === null ? 'created' : 'deleted',
        sha: after ?? before,
      };
      events.push(ref);
    }
  }
  return events;
}

/**
 * `git.pullrequest.created`, `.updated` (status, reviewers, votes or a push to the source) and
 * `.merged` (the merge commit was created). The action is the event's own verb.
 */
export function mapPullRequestEvent(
  payload: unknown,
  createdDate: string | null | undefined,
  action: string,
  resource: WirePullRequestResource,
  delivery: DeliveryContext,
): PullRequestEvent {
  const state = pullRequestState(resource.status);
  const merged = state === 'merged';
  return {
    ...eventBase(payload, delivery, {
      createdDate,
      action,
      repository: eventRepository(resource.repository, delivery),
      sender: action === 'created' ? resource.createdBy : null,
    }),
    type: 'pull_request',
    number: resource.pullRequestId,
    title: resource.title,
    state,
    sourceBranch: branchName(resource.sourceRefName),
    targetBranch: branchName(resource.targetRefName),
    headSha: resource.lastMergeSourceCommit?.commitId ?? null,
    webUrl: pullRequestPage(resource),
    merged,
    mergeCommitSha: merged ? (resource.lastMergeCommit?.commitId ?? null) : null,
  };
}

/** `ms.vss-code.git-pullrequest-comment-event`: a comment on a pull request's conversation. */
export function mapCommentEvent(
  payload: unknown,
  createdDate: string | null | undefined,
  resource: CommentResource,
  delivery: DeliveryContext,
): CommentEvent {
  const pr = resource.pullRequest;
  return {
    ...eventBase(payload, delivery, {
      createdDate: resource.comment.publishedDate ?? createdDate,
      action: null,
      repository: eventRepository(pr.repository, delivery),
      sender: resource.comment.author,
    }),
    type: 'comment',
    subject: 'pull_request',
    commentId: String(resource.comment.id),
    body: resource.comment.content ?? '',
    webUrl: pullRequestPage(pr),
    number: pr.pullRequestId,
    title: pr.title,
    commitSha: null,
    path: null,
    line: null,
    reviewId: null,
  };
}
