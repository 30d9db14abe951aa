import {
  getHeader,
  invalidWebhook,
  readWebhookDelivery,
  type ScmError,
  verifyHmacSignature,
  type Clock,
  type ProviderWebhooks,
  type ScmEvent,
} from '@scm/core';
import { z } from 'zod';
import {
  WireAccountSchema,
  WireCommitStatusSchema,
  WirePullRequestSchema,
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

/** developer.atlassian.com/cloud/bitbucket/manage-webhooks/#event-payloads and #secure-webhooks. */
export const EVENT_HEADER = 'x-event-key';
export const DELIVERY_HEADER = 'x-request-uuid';
export const SIGNATURE_HEADER = 'x-hub-signature';

const RepositorySchema = z.object({
  uuid: z.string().nullish(),
  full_name: z.string(),
  links: z
    .object({ html: z.object({ href: z.string() }).optional() })
    .partial()
    .nullish(),
});
const EnvelopeSchema = z.object({
  actor: WireAccountSchema.nullish(),
  repository: RepositorySchema.nullish(),
});

const PushTargetSchema = z.object({ hash: z.string() });
const PushRefSchema = z.object({
  type: z.string(),
  name: z.string(),
  target: PushTargetSchema.nullish(),
});
const PushSchema = z.object({
  push: z.object({
    changes: z.array(
      z.object({
        old: PushRefSchema.nullish(),
        new: PushRefSchema.nullish(),
        created: z.boolean().nullish(),
        closed: z.boolean().nullish(),
        commits: z
          .array(
            z.object({
              hash: z.string(),
              message: z.string().nullish(),
              author: z
                .object({ raw: z.string().nullish(), user: WireAccountSchema.nullish() })
                .nullish(),
            }),
          )
          .nullish(),
      }),
    ),
  }),
});
const PullRequestEventSchema = z.object({ pullrequest: WirePullRequestSchema });
const CommitStatusEventSchema = z.object({ commit_status: WireCommitStatusSchema });

function invalid(message: string): ScmError {
  return invalidWebhook(BITBUCKET_PROVIDER_ID, message);
}

type Common = Pick<ScmEvent, 'provider' | 'deliveryId' | 'repository' | 'sender' | 'raw'> & {
  receivedAt: string;
};

/**
 * Bitbucket deliveries: `X-Event-Key` names the event, `X-Request-UUID` the delivery, and when the
 * webhook has a secret, `X-Hub-Signature: sha256=<HMAC of the raw body>`. Verification accepts
 * every configured secret (rotation) and rejects a missing or wrong signature.
 */
export function createBitbucketWebhooks(options: {
  secrets: readonly string[];
  clock: Clock;
}): ProviderWebhooks {
  return {
    verify: (request) =>
      Promise.resolve(
        verifyHmacSignature({
          secrets: options.secrets,
          body: request.rawBody,
          signature: getHeader(request.headers, SIGNATURE_HEADER),
        }),
      ),
    parse: (request) => {
      const { event: eventKey, payload } = readWebhookDelivery(request, {
        provider: BITBUCKET_PROVIDER_ID,
        eventHeader: EVENT_HEADER,
      });
      const envelope = EnvelopeSchema.safeParse(payload);
      if (!envelope.success) throw invalid('Webhook body is not a Bitbucket event');
      const { repository, actor } = envelope.data;
      const common: Common = {
        provider: BITBUCKET_PROVIDER_ID,
        deliveryId: getHeader(request.headers, DELIVERY_HEADER) ?? null,
        repository: repository
          ? {
              id: repository.uuid ?? null,
              fullName: repository.full_name,
              webUrl: repository.links?.html?.href ?? null,
            }
          : null,
        sender: actorOf(actor),
        raw: payload,
        receivedAt: timestamp(new Date(options.clock.now()).toISOString()) ?? '',
      };
      return parseEvent(eventKey, payload, common);
    },
  };
}

function parseEvent(eventKey: string, payload: unknown, withTime: Common): ScmEvent {
  const { receivedAt, ...common } = withTime;
  const separator = eventKey.indexOf(':');
  const family = eventKey.slice(0, separator);
  const action = eventKey.slice(separator + 1);
  if (eventKey === 'repo:push') return parsePush(payload, { ...common, occurredAt: receivedAt });
  if (family === 'pullrequest') {
    const parsed = PullRequestEventSchema.safeParse(payload);
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
    const parsed = CommitStatusEventSchema.safeParse(payload);
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
function parsePush(
  payload: unknown,
  common: Omit<Common, 'receivedAt'> & { occurredAt: string },
): ScmEvent {
  const parsed = PushSchema.safeParse(payload);
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
