import { invalidWebhook, type ScmError, type ScmEvent } from '@scm/core';
import {
  WireCommitStatusEventSchema,
  WireEventEnvelopeSchema,
  WirePullRequestEventSchema,
  WirePushEventSchema,
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

type Common = Pick<ScmEvent, 'provider' | 'deliveryId' | 'repository' | 'sender' | 'raw'>;

function invalid(message: string): ScmError {
  return invalidWebhook(BITBUCKET_PROVIDER_ID, message);
}

/**
 * A Bitbucket webhook body (its `X-Event-Key` and parsed JSON) → `ScmEvent`: `repo:push` (a push,
 * or a tag or branch created or deleted), `pullrequest:*` (a pull request event, the action after
 * the colon), `repo:commit_status_*` (a check), and `unknown` for any other key. Pure; throws
 * `INVALID_REQUEST` for a body that is not the event its key says it is.
 */
export function mapBitbucketEvent(
  eventKey: string,
  payload: unknown,
  delivery: DeliveryContext,
): ScmEvent {
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
    raw: payload,
  };
  const { receivedAt } = delivery;
  const separator = eventKey.indexOf(':');
  const family = eventKey.slice(0, separator);
  const action = eventKey.slice(separator + 1);
  if (eventKey === 'repo:push') return mapPush(payload, { ...common, occurredAt: receivedAt });
  if (family === 'pullrequest') {
    const parsed = WirePullRequestEventSchema.safeParse(payload);
    if (!parsed.success) throw invalid(`Malformed ${eventKey} event`);
    const pr = parsed.data.pullrequest;
    return {
      ...common,
      type: 'pull_request',
      occurredAt: timestamp(pr.updated_on) ?? receivedAt,
      action,
      number: pr.id,
      title: pr.title,
      state: PULL_REQUEST_STATE[pr.state],
      sourceBranch: pr.source.branch.name,
      targetBranch: pr.destination.branch.name,
      headSha: pr.source.commit?.hash ?? null,
      webUrl: pr.links.html.href,
    };
  }
  if (eventKey === 'repo:commit_status_created' || eventKey === 'repo:commit_status_updated') {
    const parsed = WireCommitStatusEventSchema.safeParse(payload);
    if (!parsed.success) throw invalid(`Malformed ${eventKey} event`);
    const check = mapCommitStatus(parsed.data.commit_status, '', { includeRaw: false });
    return {
      ...common,
      type: 'check',
      occurredAt: check.completedAt ?? check.startedAt ?? receivedAt,
      action: action.slice('commit_status_'.length),
      name: check.name,
      sha: check.sha === '' ? null : check.sha,
      status: check.status,
      conclusion: check.conclusion,
    };
  }
  return {
    ...common,
    type: 'unknown',
    occurredAt: receivedAt,
    action: null,
    providerEvent: eventKey,
  };
}

/**
 * `repo:push` lists ref changes; the first one is the event. A tag created or deleted is a tag
 * event, a branch deleted a branch event, anything else a push (Bitbucket sends an empty change
 * list when it could not compute one).
 */
function mapPush(payload: unknown, common: Common & { occurredAt: string }): ScmEvent {
  const parsed = WirePushEventSchema.safeParse(payload);
  if (!parsed.success) throw invalid('Malformed repo:push event');
  const change = parsed.data.push.changes[0];
  if (change === undefined)
    return {
      ...common,
      type: 'push',
      action: null,
      ref: '',
      before: null,
      after: null,
      commits: [],
    };
  const ref = change.new ?? change.old;
  const kind = ref?.type === 'tag' ? 'tag' : 'branch';
  if (
    ref !== null &&
    ref !== undefined &&
    (kind === 'tag' ? change.new == null || change.old == null : change.new == null)
  ) {
    const created = change.old == null;
    return {
      ...common,
      type: kind,
      action: created ? 'created' : 'deleted',
      name: ref.name,
      change: created ? 'created' : 'deleted',
      sha: (created ? change.new?.target?.hash : change.old?.target?.hash) ?? null,
    };
  }
  return {
    ...common,
    type: 'push',
    action: null,
    ref: `refs/${kind === 'tag' ? 'tags' : 'heads'}/${ref?.name ?? ''}`,
    before: change.old?.target?.hash ?? null,
    after: change.new?.target?.hash ?? null,
    commits: (change.commits ?? []).map((commit) => ({
      sha: commit.hash,
      message: commit.message ?? '',
      author: loginOf(commit.author?.user) ?? parseRawAuthor(commit.author?.raw ?? '').name,
    })),
  };
}
