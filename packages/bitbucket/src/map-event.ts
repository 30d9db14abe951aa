import { invalidWebhook, type ScmError, type ScmEvent } from '@scm/core';
import {
  WireCommitCommentEventSchema,
  WireCommitStatusEventSchema,
  WireEventEnvelopeSchema,
  WireIssueCommentEventSchema,
  WireIssueEventSchema,
  WirePullRequestCommentEventSchema,
  WirePullRequestEventSchema,
  WirePullRequestReviewEventSchema,
  WirePushEventSchema,
  WireRepositoryEventSchema,
  type WirePullRequest,
} from './bitbucket-schemas.js';
import { mapCommitStatus } from './map-ci.js';
import {
  BITBUCKET_PROVIDER_ID,
  actorOf,
  loginOf,
  parseRawAuthor,
  timestamp,
} from './map-common.js';
import { PULL_REQUEST_STATE } from './map-pull-requests.js';

/** What a delivery says besides its body: its `X-Request-UUID`, and when it arrived. */
export interface DeliveryContext {
  deliveryId: string | null;
  /** The receiving time (a normalized timestamp), for events whose body carries none. */
  receivedAt: string;
}

type Common = Pick<
  ScmEvent,
  'provider' | 'deliveryId' | 'repository' | 'sender' | 'installationId' | 'raw'
>;
type Dated = Common & { occurredAt: string };
type Review = Extract<ScmEvent, { type: 'review' }>;

/** The review a `pullrequest:<action>` is, and its state after it. */
const REVIEW_ACTIONS: Readonly<Record<string, Review['state']>> = {
  approved: 'approved',
  unapproved: 'dismissed',
  changes_request_created: 'changes_requested',
  changes_request_removed: 'dismissed',
};

function invalid(message: string): ScmError {
  return invalidWebhook(BITBUCKET_PROVIDER_ID, message);
}

/**
 * A Bitbucket webhook body (its `X-Event-Key` and parsed JSON) → every `ScmEvent` it carries:
 * `repo:push` (a push per changed ref, each followed by its `ref` event when the ref was created or
 * deleted), `pullrequest:*` (a pull request event, a review for approvals and change requests, a
 * comment for `comment_*`), `repo:commit_status_*` (a check), `repo:commit_comment_created`,
 * `issue:*`, `repo:updated` / `repo:transfer` (repository events), and one `unknown` for any other
 * key. Pure; throws `INVALID_REQUEST` for a body that is not the event its key says it is.
 */
export function mapBitbucketEvents(
  eventKey: string,
  payload: unknown,
  delivery: DeliveryContext,
): ScmEvent[] {
  const envelope = WireEventEnvelopeSchema.safeParse(payload);
  if (!envelope.success) throw invalid('Webhook body is not a Bitbucket event');
  const { repository, actor } = envelope.data;
  const common: Common = {
    provider: BITBUCKET_PROVIDER_ID,
    deliveryId: delivery.deliveryId,
    repository: repository
      ? {
          id: repository.uuid ?? null,
          fullName: repository.full_name,
          webUrl: repository.links?.html?.href ?? null,
        }
      : null,
    sender: actorOf(actor),
    installationId: null,
    raw: payload,
  };
  const { receivedAt } = delivery;
  const separator = eventKey.indexOf(':');
  const family = eventKey.slice(0, separator);
  const action = eventKey.slice(separator + 1);
  const dated: Dated = { ...common, occurredAt: receivedAt };
  if (eventKey === 'repo:push') return mapPush(payload, dated);
  if (family === 'pullrequest') return [mapPullRequestFamily(eventKey, action, payload, dated)];
  if (eventKey === 'repo:commit_status_created' || eventKey === 'repo:commit_status_updated') {
    const parsed = WireCommitStatusEventSchema.safeParse(payload);
    if (!parsed.success) throw invalid(`Malformed ${eventKey} event`);
    const check = mapCommitStatus(parsed.data.commit_status, '', { includeRaw: false });
    return [
      {
        ...common,
        type: 'check',
        occurredAt: check.completedAt ?? check.startedAt ?? receivedAt,
        action: action.slice('commit_status_'.length),
        name: check.name,
        sha: check.sha === '' ? null : check.sha,
        status: check.status,
        conclusion: check.conclusion,
      },
    ];
  }
  if (eventKey === 'repo:commit_comment_created') {
    const parsed = WireCommitCommentEventSchema.safeParse(payload);
    if (!parsed.success) throw invalid(`Malformed ${eventKey} event`);
    const { comment } = parsed.data;
    return [
      {
        ...commentFields(comment, dated, 'created'),
        subject: 'commit',
        number: null,
        title: null,
        commitSha: parsed.data.commit?.hash ?? null,
      },
    ];
  }
  if (eventKey === 'issue:created' || eventKey === 'issue:updated') {
    const parsed = WireIssueEventSchema.safeParse(payload);
    if (!parsed.success) throw invalid(`Malformed ${eventKey} event`);
    const { issue } = parsed.data;
    return [
      {
        ...common,
        type: 'issue',
        occurredAt: timestamp(issue.updated_on) ?? receivedAt,
        action,
        number: issue.id,
        title: issue.title,
        state: issueState(issue.state),
        webUrl: issue.links?.html?.href ?? null,
        labels: [],
      },
    ];
  }
  if (eventKey === 'issue:comment_created') {
    const parsed = WireIssueCommentEventSchema.safeParse(payload);
    if (!parsed.success) throw invalid(`Malformed ${eventKey} event`);
    const { issue, comment } = parsed.data;
    return [
      {
        ...commentFields(comment, dated, 'created'),
        subject: 'issue',
        number: issue.id,
        title: issue.title,
        commitSha: null,
      },
    ];
  }
  if (eventKey === 'repo:updated' || eventKey === 'repo:transfer')
    return [mapRepositoryEvent(eventKey, action, payload, dated)];
  return [{ ...dated, type: 'unknown', action: null, providerEvent: eventKey }];
}

/** The one event of a Bitbucket delivery: the first of `mapBitbucketEvents`. */
export function mapBitbucketEvent(
  eventKey: string,
  payload: unknown,
  delivery: DeliveryContext,
): ScmEvent {
  return mapBitbucketEvents(eventKey, payload, delivery)[0] as ScmEvent;
}

// Bitbucket's issue states: new, open, on hold, resolved, duplicate, invalid, wontfix, closed.
function issueState(state: string | null | undefined): 'open' | 'closed' {
  return state === 'new' || state === 'open' || state === 'on hold' ? 'open' : 'closed';
}

function pullRequestRef(pr: WirePullRequest): Review['pullRequest'] {
  return { number: pr.id, title: pr.title, webUrl: pr.links.html.href };
}

function commentFields(
  comment: {
    id: number;
    content?: { raw?: string | null | undefined } | null | undefined;
    inline?:
      { path?: string | null | undefined; to?: number | null | undefined } | null | undefined;
    created_on?: string | null | undefined;
    updated_on?: string | null | undefined;
    links?: { html?: { href: string } | null | undefined } | null | undefined;
  },
  dated: Dated,
  action: string,
) {
  return {
    ...dated,
    occurredAt: timestamp(comment.updated_on) ?? timestamp(comment.created_on) ?? dated.occurredAt,
    type: 'comment' as const,
    action,
    commentId: String(comment.id),
    body: comment.content?.raw ?? '',
    webUrl: comment.links?.html?.href ?? null,
    path: comment.inline?.path ?? null,
    line: comment.inline?.to ?? null,
    reviewId: null,
  };
}

function mapPullRequestFamily(
  eventKey: string,
  action: string,
  payload: unknown,
  dated: Dated,
): ScmEvent {
  if (action.startsWith('comment_')) {
    const parsed = WirePullRequestCommentEventSchema.safeParse(payload);
    if (!parsed.success) throw invalid(`Malformed ${eventKey} event`);
    const { pullrequest: pr, comment } = parsed.data;
    return {
      ...commentFields(comment, dated, action.slice('comment_'.length)),
      subject: 'pull_request',
      number: pr.id,
      title: pr.title,
      commitSha: pr.source.commit?.hash ?? null,
    };
  }
  const review = REVIEW_ACTIONS[action];
  if (review !== undefined) {
    const parsed = WirePullRequestReviewEventSchema.safeParse(payload);
    if (!parsed.success) throw invalid(`Malformed ${eventKey} event`);
    const { pullrequest: pr } = parsed.data;
    const date = parsed.data.approval?.date ?? parsed.data.changes_request?.date;
    return {
      ...dated,
      type: 'review',
      occurredAt: timestamp(date) ?? timestamp(pr.updated_on) ?? dated.occurredAt,
      action,
      pullRequest: pullRequestRef(pr),
      reviewId: null,
      state: review,
      body: null,
      commitSha: pr.source.commit?.hash ?? null,
      webUrl: pr.links.html.href,
    };
  }
  const parsed = WirePullRequestEventSchema.safeParse(payload);
  if (!parsed.success) throw invalid(`Malformed ${eventKey} event`);
  const pr = parsed.data.pullrequest;
  const merged = pr.state === 'MERGED';
  return {
    ...dated,
    type: 'pull_request',
    occurredAt: timestamp(pr.updated_on) ?? dated.occurredAt,
    action,
    number: pr.id,
    title: pr.title,
    state: PULL_REQUEST_STATE[pr.state],
    sourceBranch: pr.source.branch.name,
    targetBranch: pr.destination.branch.name,
    headSha: pr.source.commit?.hash ?? null,
    webUrl: pr.links.html.href,
    merged,
    mergeCommitSha: merged ? (pr.merge_commit?.hash ?? null) : null,
  };
}

/** `repo:updated` (renamed when the full name changed, else edited) and `repo:transfer`. */
function mapRepositoryEvent(
  eventKey: string,
  action: string,
  payload: unknown,
  dated: Dated,
): ScmEvent {
  const parsed = WireRepositoryEventSchema.safeParse(payload);
  if (!parsed.success) throw invalid(`Malformed ${eventKey} event`);
  const { repository, changes, previous_workspace: previous } = parsed.data;
  const oldName = changes?.full_name?.old ?? null;
  const [, ...slug] = repository.full_name.split('/');
  const visibilityChanged =
    changes?.is_private !== null &&
    changes?.is_private !== undefined &&
    changes.is_private.old !== changes.is_private.new;
  return {
    ...dated,
    type: 'repository',
    occurredAt: timestamp(repository.updated_on) ?? dated.occurredAt,
    action,
    change:
      eventKey === 'repo:transfer'
        ? 'transferred'
        : oldName !== null && oldName !== repository.full_name
          ? 'renamed'
          : visibilityChanged
            ? 'visibility_changed'
            : 'edited',
    visibility:
      repository.is_private === true
        ? 'private'
        : repository.is_private === false
          ? 'public'
          : null,
    archived: null,
    previousFullName:
      eventKey === 'repo:transfer'
        ? previous?.slug
          ? `${previous.slug}/${slug.join('/')}`
          : null
        : oldName,
  };
}

/**
 * `repo:push` lists ref changes: each is a push; a change whose `old` is null created its ref and
 * one whose `new` is null deleted it, and is followed by its `ref` event (core's README,
 * "Normalized events"). Bitbucket sends an empty change list when it could not compute one: a push
 * to no ref.
 */
function mapPush(payload: unknown, common: Dated): ScmEvent[] {
  const parsed = WirePushEventSchema.safeParse(payload);
  if (!parsed.success) throw invalid('Malformed repo:push event');
  const { changes } = parsed.data.push;
  if (changes.length === 0)
    return [
      {
        ...common,
        type: 'push',
        action: null,
        ref: '',
        before: null,
        after: null,
        created: false,
        deleted: false,
        forced: null,
        commits: [],
        truncated: false,
        totalCommits: 0,
      },
    ];
  return changes.flatMap((change): ScmEvent[] => {
    const target = change.new ?? change.old;
    const refType = target?.type === 'tag' ? 'tag' : 'branch';
    const name = target?.name ?? '';
    const ref = `refs/${refType === 'tag' ? 'tags' : 'heads'}/${name}`;
    const before = change.old?.target?.hash ?? null;
    const after = change.new?.target?.hash ?? null;
    const created = change.old == null;
    const deleted = change.new == null;
    const commits = (change.commits ?? []).map((commit) => ({
      sha: commit.hash,
      message: commit.message ?? '',
      author: loginOf(commit.author?.user) ?? parseRawAuthor(commit.author?.raw ?? '').name,
    }));
    // Bitbucket lists at most 5 commits per change, then says `truncated: true` and no count.
    // https://support.atlassian.com/bitbucket-cloud/docs/event-payloads/#Push
    const truncated = change.truncated === true;
    const push: ScmEvent = {
      ...common,
      type: 'push',
      action: null,
      ref,
      before,
      after,
      created,
      deleted,
      forced: change.forced ?? null,
      commits,
      truncated,
      totalCommits: truncated ? null : commits.length,
    };
    if (target === null || target === undefined || (!created && !deleted)) return [push];
    const refChange = created ? 'created' : 'deleted';
    return [
      push,
      {
        ...common,
        type: 'ref',
        action: refChange,
        refType,
        name,
        ref,
        change: refChange,
        sha: created ? after : before,
      },
    ];
  });
}
