import { createHmac, timingSafeEqual } from 'node:crypto';
import {
  getHeader,
  invalidWebhook,
  readWebhookDelivery,
  type ScmError,
  verifySharedToken,
  type Actor,
  type Clock,
  type ProviderWebhooks,
  type ScmEvent,
  type VerifyResult,
  type WebhookRequest,
} from '@scm/core';
import { z } from 'zod';
import { checkState } from './map-ci.js';
import { GITLAB_PROVIDER_ID, text, timestamp } from './map-common.js';
import { mapMergeRequestState } from './map-pull-requests.js';

export const TOKEN_HEADER = 'x-gitlab-token';
export const EVENT_HEADER = 'x-gitlab-event';
/** Signed webhooks follow the Standard Webhooks scheme (https://www.standardwebhooks.com/). */
export const SIGNATURE_HEADER = 'webhook-signature';
export const SIGNATURE_ID_HEADER = 'webhook-id';
export const SIGNATURE_TIMESTAMP_HEADER = 'webhook-timestamp';
// Idempotency-Key is the same for retries of one delivery; X-Gitlab-Event-UUID is per event.
const DELIVERY_HEADERS = ['idempotency-key', 'webhook-id', 'x-gitlab-event-uuid'];

const ZERO_SHA = /^0{40}$/;

const ProjectSchema = z.object({
  id: z.number().nullish(),
  path_with_namespace: z.string(),
  web_url: z.string().nullish(),
});
const UserSchema = z.object({
  id: z.number().nullish(),
  username: z.string().nullish(),
  name: z.string().nullish(),
  email: z.string().nullish(),
  avatar_url: z.string().nullish(),
});
const EnvelopeSchema = z.object({
  object_kind: z.string().nullish(),
  event_name: z.string().nullish(),
  project: ProjectSchema.nullish(),
  user: UserSchema.nullish(),
  // Push and tag push events name the pusher in flat fields.
  user_id: z.number().nullish(),
  user_username: z.string().nullish(),
  user_name: z.string().nullish(),
  user_email: z.string().nullish(),
  user_avatar: z.string().nullish(),
  repository: z.object({ homepage: z.string().nullish() }).nullish(),
});
type Envelope = z.infer<typeof EnvelopeSchema>;

const PushSchema = z.object({
  ref: z.string(),
  before: z.string().nullish(),
  after: z.string().nullish(),
  checkout_sha: z.string().nullish(),
  commits: z
    .array(
      z.object({
        id: z.string(),
        message: z.string(),
        author: z.object({ name: z.string().nullish() }).nullish(),
      }),
    )
    .nullish(),
});

// Merge request hook attributes: tolerant, because recorded payloads are not always complete
// (the number and state can be read from the URL and the action when missing).
const MergeRequestAttributesSchema = z.object({
  iid: z.number().int().nullish(),
  title: z.string().nullish(),
  state: z.string().nullish(),
  action: z.string().nullish(),
  source_branch: z.string().nullish(),
  target_branch: z.string().nullish(),
  last_commit: z.object({ id: z.string() }).nullish(),
  url: z.string().nullish(),
  created_at: z.string().nullish(),
  updated_at: z.string().nullish(),
});
const MergeRequestEventSchema = z.object({ object_attributes: MergeRequestAttributesSchema });

const NoteEventSchema = z.object({
  object_attributes: z.object({
    noteable_type: z.string().nullish(),
    action: z.string().nullish(),
    created_at: z.string().nullish(),
    updated_at: z.string().nullish(),
  }),
  merge_request: z.unknown().optional(),
});

const PipelineEventSchema = z.object({
  object_attributes: z.object({
    id: z.number(),
    iid: z.number().nullish(),
    name: z.string().nullish(),
    sha: z.string().nullish(),
    status: z.string(),
    created_at: z.string().nullish(),
    finished_at: z.string().nullish(),
  }),
});

const JobEventSchema = z.object({
  build_name: z.string(),
  build_status: z.string(),
  sha: z.string().nullish(),
  build_started_at: z.string().nullish(),
  build_finished_at: z.string().nullish(),
});

const DeploymentEventSchema = z.object({
  status: z.string(),
  status_changed_at: z.string().nullish(),
  environment: z.string().nullish(),
  short_sha: z.string().nullish(),
  commit_url: z.string().nullish(),
});

const ReleaseEventSchema = z.object({
  tag: z.string(),
  name: z.string().nullish(),
  action: z.string().nullish(),
  created_at: z.string().nullish(),
  released_at: z.string().nullish(),
});

const DEPLOYMENT_STATES: Readonly<
  Record<string, Extract<ScmEvent, { type: 'deployment' }>['state']>
> = {
  created: 'pending',
  blocked: 'pending',
  running: 'in_progress',
  success: 'success',
  failed: 'failure',
  canceled: 'cancelled',
};

function bodyBytes(rawBody: WebhookRequest['rawBody']): Buffer {
  return typeof rawBody === 'string' ? Buffer.from(rawBody, 'utf8') : Buffer.from(rawBody);
}

function invalid(message: string): ScmError {
  return invalidWebhook(GITLAB_PROVIDER_ID, message);
}

/** A signing token `whsec_<base64>` is a base64 key (Standard Webhooks); anything else is used as text. */
function signingKey(token: string): Buffer {
  return token.startsWith('whsec_')
    ? Buffer.from(token.slice('whsec_'.length), 'base64')
    : Buffer.from(token, 'utf8');
}

/** `v1,<base64 HMAC-SHA256 of "<webhook-id>.<webhook-timestamp>.<body>">`, as GitLab signs. */
export function signGitLabWebhook(
  signingToken: string,
  id: string,
  timestampSeconds: number,
  body: string | Uint8Array,
): string {
  const mac = createHmac('sha256', signingKey(signingToken))
    .update(`${id}.${timestampSeconds}.`)
    .update(typeof body === 'string' ? Buffer.from(body, 'utf8') : body)
    .digest('base64');
  return `v1,${mac}`;
}

function verifySignature(
  request: WebhookRequest,
  tokens: readonly string[],
  nowMs: number,
  toleranceSeconds: number,
): VerifyResult {
  const signature = getHeader(request.headers, SIGNATURE_HEADER)?.trim();
  if (signature === undefined || signature === '')
    return { ok: false, reason: 'missing_signature' };
  const id = getHeader(request.headers, SIGNATURE_ID_HEADER);
  const sent = getHeader(request.headers, SIGNATURE_TIMESTAMP_HEADER);
  if (id === undefined || id === '' || sent === undefined || !/^\d{1,12}$/.test(sent))
    return { ok: false, reason: 'invalid_signature' };
  // A replayed delivery carries an old timestamp; the signature covers it, so it cannot be moved.
  if (Math.abs(nowMs / 1000 - Number(sent)) > toleranceSeconds)
    return { ok: false, reason: 'invalid_signature' };
  const body = bodyBytes(request.rawBody);
  // The header may list several space-separated signatures (one per active signing token).
  const received = signature
    .split(' ')
    .filter((part) => part.startsWith('v1,'))
    .slice(0, 8)
    .map((part) => Buffer.from(part, 'utf8'));
  let matched = false;
  // Every pair is compared, so the time taken does not reveal which one matched.
  for (const token of tokens) {
    const expected = Buffer.from(signGitLabWebhook(token, id, Number(sent), body), 'utf8');
    for (const candidate of received) {
      if (candidate.length === expected.length && timingSafeEqual(candidate, expected))
        matched = true;
    }
  }
  return matched ? { ok: true } : { ok: false, reason: 'invalid_signature' };
}

export interface GitLabWebhooksOptions {
  /** Accepted `X-Gitlab-Token` values. */
  secrets: readonly string[];
  /** Signing tokens; when any is set, a valid `webhook-signature` is required. */
  signingTokens: readonly string[];
  toleranceSeconds?: number | undefined;
  clock: Clock;
}

/**
 * GitLab webhooks (https://docs.gitlab.com/user/project/integrations/webhooks/): the secret token
 * comes back verbatim in `X-Gitlab-Token` and is compared in constant time against every accepted
 * secret. Hooks with a signing token are also signed (`webhook-signature`, `webhook-id`,
 * `webhook-timestamp`; gitlab-org/gitlab!230944); a receiver that knows the signing token
 * requires the signature, so a token-only delivery cannot downgrade it.
 */
export function createGitLabWebhooks(options: GitLabWebhooksOptions): ProviderWebhooks {
  const signingTokens = options.signingTokens.filter((token) => token !== '');
  const tolerance = options.toleranceSeconds ?? 300;
  return {
    verify: (request) => {
      if (signingTokens.length > 0)
        return Promise.resolve(
          verifySignature(request, signingTokens, options.clock.now(), tolerance),
        );
      return Promise.resolve(
        verifySharedToken({
          secrets: options.secrets,
          token: getHeader(request.headers, TOKEN_HEADER),
        }),
      );
    },
    parse: (request) => parseGitLabEvent(request, options.clock),
  };
}

/** Parses a (verified) GitLab delivery into a normalized event, routed by `X-Gitlab-Event`. */
export function parseGitLabEvent(request: WebhookRequest, clock: Clock): ScmEvent {
  const { event, payload } = readWebhookDelivery(request, {
    provider: GITLAB_PROVIDER_ID,
    eventHeader: EVENT_HEADER,
  });
  const envelope = EnvelopeSchema.safeParse(payload);
  if (!envelope.success) throw invalid('Webhook body is not a GitLab event');
  let deliveryId: string | null = null;
  for (const name of DELIVERY_HEADERS) {
    const value = getHeader(request.headers, name);
    if (value !== undefined && value !== '') {
      deliveryId = value.slice(0, 200);
      break;
    }
  }
  const common: Common = {
    provider: GITLAB_PROVIDER_ID,
    deliveryId,
    occurredAt: new Date(clock.now()).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    repository: repositoryOf(envelope.data),
    sender: senderOf(envelope.data),
    raw: payload,
  };
  // System hooks carry the same bodies under one header; their kind is in the body.
  if (event === 'System Hook') {
    const kind = envelope.data.event_name ?? envelope.data.object_kind ?? '';
    const routed = SYSTEM_EVENTS[kind];
    if (routed === undefined)
      return { ...common, type: 'unknown', action: null, providerEvent: `System Hook: ${kind}` };
    return parseEvent(routed, payload, common);
  }
  return parseEvent(event, payload, common);
}

const SYSTEM_EVENTS: Readonly<Record<string, string>> = {
  push: 'Push Hook',
  tag_push: 'Tag Push Hook',
  merge_request: 'Merge Request Hook',
};

type Common = Pick<
  ScmEvent,
  'provider' | 'deliveryId' | 'occurredAt' | 'repository' | 'sender' | 'raw'
>;

function repositoryOf(envelope: Envelope): Common['repository'] {
  const project = envelope.project;
  if (project !== undefined && project !== null)
    return {
      id: project.id === undefined || project.id === null ? null : String(project.id),
      fullName: project.path_with_namespace,
      webUrl: project.web_url ?? null,
    };
  return null;
}

function senderOf(envelope: Envelope): Actor | null {
  const user = envelope.user;
  if (user !== undefined && user !== null)
    return {
      id: user.id === undefined || user.id === null ? null : String(user.id),
      login: text(user.username),
      name: text(user.name),
      email: text(user.email),
      avatarUrl: text(user.avatar_url),
    };
  if (envelope.user_username === undefined || envelope.user_username === null) return null;
  return {
    id:
      envelope.user_id === undefined || envelope.user_id === null ? null : String(envelope.user_id),
    login: envelope.user_username,
    name: text(envelope.user_name),
    email: text(envelope.user_email),
    avatarUrl: text(envelope.user_avatar),
  };
}

function sha(value: string | null | undefined): string | null {
  return value === undefined || value === null || value === '' || ZERO_SHA.test(value)
    ? null
    : value;
}

function when(common: Common, ...values: (string | null | undefined)[]): string {
  for (const value of values) {
    const parsed = timestamp(value);
    if (parsed !== null) return parsed;
  }
  return common.occurredAt;
}

const MR_NUMBER_IN_URL = /\/merge_requests\/(\d{1,12})(?:[#?].*)?$/;
const STATE_BY_ACTION: Readonly<Record<string, string>> = { merge: 'merged', close: 'closed' };

function parseEvent(event: string, payload: unknown, common: Common): ScmEvent {
  switch (event) {
    case 'Push Hook': {
      const push = PushSchema.safeParse(payload);
      if (!push.success) throw invalid('Malformed Push Hook');
      return {
        ...common,
        type: 'push',
        action: null,
        ref: push.data.ref,
        // GitLab writes 40 zeros for "no commit" (a created or deleted branch).
        before: sha(push.data.before),
        after: sha(push.data.after),
        commits: (push.data.commits ?? []).map((commit) => ({
          sha: commit.id,
          message: commit.message,
          author: commit.author?.name ?? null,
        })),
      };
    }
    case 'Tag Push Hook': {
      const push = PushSchema.safeParse(payload);
      if (!push.success) throw invalid('Malformed Tag Push Hook');
      const deleted = sha(push.data.after) === null;
      const change = deleted ? 'deleted' : 'created';
      return {
        ...common,
        type: 'tag',
        action: change,
        name: push.data.ref.replace(/^refs\/tags\//, ''),
        change,
        sha: deleted ? null : (sha(push.data.checkout_sha) ?? sha(push.data.after)),
      };
    }
    case 'Merge Request Hook': {
      const parsed = MergeRequestEventSchema.safeParse(payload);
      if (!parsed.success) throw invalid('Malformed Merge Request Hook');
      return mergeRequestEvent(parsed.data.object_attributes, common);
    }
    case 'Note Hook': {
      const parsed = NoteEventSchema.safeParse(payload);
      if (!parsed.success) throw invalid('Malformed Note Hook');
      const attributes = parsed.data.object_attributes;
      const mergeRequest = MergeRequestAttributesSchema.safeParse(parsed.data.merge_request);
      // A comment on a merge request is activity on it; other notes (issues, commits,
      // snippets) have no normalized type.
      if (attributes.noteable_type !== 'MergeRequest' || !mergeRequest.success)
        return { ...common, type: 'unknown', action: null, providerEvent: event };
      return {
        ...mergeRequestEvent(mergeRequest.data, common),
        // When the comment was made, not when the merge request last changed.
        occurredAt: when(common, attributes.updated_at, attributes.created_at),
        action: 'commented',
      };
    }
    case 'Pipeline Hook': {
      const parsed = PipelineEventSchema.safeParse(payload);
      if (!parsed.success) throw invalid('Malformed Pipeline Hook');
      const pipeline = parsed.data.object_attributes;
      return {
        ...common,
        occurredAt: when(common, pipeline.finished_at, pipeline.created_at),
        type: 'check',
        action: pipeline.status,
        name: text(pipeline.name) ?? `pipeline #${pipeline.iid ?? pipeline.id}`,
        sha: sha(pipeline.sha),
        ...checkState(pipeline.status),
      };
    }
    case 'Job Hook': {
      const parsed = JobEventSchema.safeParse(payload);
      if (!parsed.success) throw invalid('Malformed Job Hook');
      const job = parsed.data;
      return {
        ...common,
        occurredAt: when(common, job.build_finished_at, job.build_started_at),
        type: 'check',
        action: job.build_status,
        name: job.build_name,
        sha: sha(job.sha),
        ...checkState(job.build_status),
      };
    }
    case 'Deployment Hook': {
      const parsed = DeploymentEventSchema.safeParse(payload);
      if (!parsed.success) throw invalid('Malformed Deployment Hook');
      const deployment = parsed.data;
      const fromUrl = /\/commit\/([0-9a-f]{40})$/.exec(deployment.commit_url ?? '')?.[1];
      return {
        ...common,
        occurredAt: when(common, deployment.status_changed_at),
        type: 'deployment',
        action: deployment.status,
        environment: text(deployment.environment),
        state: DEPLOYMENT_STATES[deployment.status] ?? 'unknown',
        sha: fromUrl ?? text(deployment.short_sha),
      };
    }
    case 'Release Hook': {
      const parsed = ReleaseEventSchema.safeParse(payload);
      if (!parsed.success) throw invalid('Malformed Release Hook');
      return {
        ...common,
        occurredAt: when(common, parsed.data.released_at, parsed.data.created_at),
        type: 'release',
        action: parsed.data.action ?? null,
        tagName: parsed.data.tag,
        name: text(parsed.data.name),
      };
    }
    default:
      return { ...common, type: 'unknown', action: null, providerEvent: event };
  }
}

function mergeRequestEvent(
  attributes: z.infer<typeof MergeRequestAttributesSchema>,
  common: Common,
): ScmEvent {
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
  };
}
