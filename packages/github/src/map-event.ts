import type { Actor, EventRepositorySchema, ScmEvent } from '@scm/core';
import type { z } from 'zod';
import {
  WireDeliveryInstallationSchema,
  WireEventRepositorySchema,
  WireEventUserSchema,
  WirePullRequestEventSchema,
  WirePushSchema,
  WireRefEventSchema,
  WireReleaseEventSchema,
} from './github-schemas.js';
import {
  mapCheckRunEvent,
  mapCheckSuiteEvent,
  mapDeploymentEvent,
  mapDeploymentStatusEvent,
  mapStatusEvent,
  mapWorkflowJobEvent,
  mapWorkflowRunEvent,
} from './map-event-ci.js';
import {
  mapCommitCommentEvent,
  mapInstallationEvent,
  mapIssueCommentEvent,
  mapIssuesEvent,
  mapPullRequestReviewEvent,
  mapRepositoryEvent,
  mapReviewCommentEvent,
} from './map-event-activity.js';
import { eventPayload, eventTime, GITHUB_PROVIDER_ID, type EventCommon } from './map-common.js';

/** What a delivery carries besides its payload. */
export interface DeliveryMeta {
  /** `X-GitHub-Event`. */
  event: string;
  /** `X-GitHub-Delivery`, null when absent. */
  deliveryId: string | null;
  /** ISO time the delivery was received: `occurredAt` when the payload has no time of its own. */
  receivedAt: string;
}

// A push that creates or deletes a ref reports the missing side as forty zeros.
const ZERO_SHA = /^0{40}$|^0{64}$/;

/** A commit sha, or null for GitHub's all-zeros placeholder. */
function sha(value: string | null | undefined): string | null {
  return value === null || value === undefined || ZERO_SHA.test(value) ? null : value;
}

function field(payload: unknown, name: string): unknown {
  return typeof payload === 'object' && payload !== null
    ? (payload as Record<string, unknown>)[name]
    : undefined;
}

function mapEventRepository(payload: unknown): z.infer<typeof EventRepositorySchema> | null {
  const parsed = WireEventRepositorySchema.safeParse(field(payload, 'repository'));
  if (!parsed.success) return null;
  return {
    id: String(parsed.data.id),
    fullName: parsed.data.full_name,
    webUrl: parsed.data.html_url ?? null,
  };
}

function mapSender(payload: unknown): Actor | null {
  const parsed = WireEventUserSchema.safeParse(field(payload, 'sender'));
  if (!parsed.success) return null;
  const user = parsed.data;
  return {
    id: user.id === null || user.id === undefined ? null : String(user.id),
    login: user.login,
    name: user.name ?? null,
    email: user.email ?? null,
    avatarUrl: user.avatar_url ?? null,
  };
}

function installationOf(payload: unknown): string | null {
  const parsed = WireDeliveryInstallationSchema.safeParse(field(payload, 'installation'));
  return parsed.success ? String(parsed.data.id) : null;
}

/**
 * A GitHub webhook payload → every normalized event it carries: always exactly one, since GitHub
 * sends a ref created or deleted by a push as its own `create` / `delete` delivery besides the
 * `push` (core's README, "Normalized events"). The payload must already be verified and
 * JSON-parsed; an event this adapter does not normalize becomes `unknown` with the raw payload.
 */
export function mapGitHubEvents(payload: unknown, meta: DeliveryMeta): ScmEvent[] {
  return [mapGitHubEvent(payload, meta)];
}

/** The one event of a GitHub delivery (`mapGitHubEvents` as a single value). */
export function mapGitHubEvent(payload: unknown, meta: DeliveryMeta): ScmEvent {
  const action = field(payload, 'action');
  const common: EventCommon = {
    provider: GITHUB_PROVIDER_ID,
    deliveryId: meta.deliveryId,
    occurredAt: meta.receivedAt,
    action: typeof action === 'string' ? action : null,
    repository: mapEventRepository(payload),
    sender: mapSender(payload),
    installationId: installationOf(payload),
    raw: payload,
  };
  const { event } = meta;
  switch (event) {
    case 'push':
      return mapPushEvent(payload, common);
    case 'pull_request':
      return mapPullRequestEvent(payload, common);
    case 'create':
    case 'delete':
      return mapRefEvent(payload, common, event);
    case 'release':
      return mapReleaseEvent(payload, common);
    case 'check_run':
      return mapCheckRunEvent(payload, common);
    case 'check_suite':
      return mapCheckSuiteEvent(payload, common);
    case 'status':
      return mapStatusEvent(payload, common);
    case 'deployment':
      return mapDeploymentEvent(payload, common);
    case 'deployment_status':
      return mapDeploymentStatusEvent(payload, common);
    case 'workflow_run':
      return mapWorkflowRunEvent(payload, common);
    case 'workflow_job':
      return mapWorkflowJobEvent(payload, common);
    case 'pull_request_review':
      return mapPullRequestReviewEvent(payload, common);
    case 'pull_request_review_comment':
      return mapReviewCommentEvent(payload, common);
    case 'issue_comment':
      return mapIssueCommentEvent(payload, common);
    case 'commit_comment':
      return mapCommitCommentEvent(payload, common);
    case 'issues':
      return mapIssuesEvent(payload, common);
    case 'repository':
      return mapRepositoryEvent(payload, common);
    case 'ping':
      return { ...common, type: 'ping' };
    case 'installation':
    case 'installation_repositories':
      return mapInstallationEvent(payload, common);
    default:
      return { ...common, type: 'unknown', providerEvent: event };
  }
}

// GitHub's push lists at most 2048 commits and gives no total: a full list may have been cut.
// https://docs.github.com/en/webhooks/webhook-events-and-payloads#push
const MAX_PUSH_COMMITS = 2048;

function mapPushEvent(payload: unknown, common: EventCommon): ScmEvent {
  const push = eventPayload(WirePushSchema, payload, 'push');
  return {
    ...common,
    type: 'push',
    occurredAt: eventTime(push.head_commit?.timestamp) ?? common.occurredAt,
    ref: push.ref,
    before: sha(push.before),
    after: sha(push.after),
    created: push.created ?? sha(push.before) === null,
    deleted: push.deleted ?? sha(push.after) === null,
    forced: push.forced ?? null,
    commits: push.commits.map((commit) => ({
      sha: commit.id,
      message: commit.message,
      author: commit.author?.username ?? commit.author?.name ?? null,
    })),
    truncated: push.commits.length >= MAX_PUSH_COMMITS,
    totalCommits: push.commits.length >= MAX_PUSH_COMMITS ? null : push.commits.length,
  };
}

function mapPullRequestEvent(payload: unknown, common: EventCommon): ScmEvent {
  const { pull_request: pr } = eventPayload(WirePullRequestEventSchema, payload, 'pull_request');
  // GitHub keeps `state: closed` for merged pull requests; `merged` (or `merged_at`) tells them apart.
  const merged = pr.merged === true || (pr.merged_at !== null && pr.merged_at !== undefined);
  return {
    ...common,
    type: 'pull_request',
    occurredAt: eventTime(pr.updated_at) ?? common.occurredAt,
    number: pr.number,
    title: pr.title,
    state: pr.state === 'open' ? 'open' : merged ? 'merged' : 'closed',
    sourceBranch: pr.head.ref,
    targetBranch: pr.base.ref,
    headSha: pr.head.sha,
    webUrl: pr.html_url ?? null,
    merged,
    // GitHub fills merge_commit_sha before a merge too (its test merge); only a merge makes it real.
    mergeCommitSha: merged ? (pr.merge_commit_sha ?? null) : null,
  };
}

// `create` / `delete` carry the short ref name and `ref_type` (branch or tag), and no sha.
// https://docs.github.com/en/webhooks/webhook-events-and-payloads#create
function mapRefEvent(payload: unknown, common: EventCommon, event: 'create' | 'delete'): ScmEvent {
  const ref = eventPayload(WireRefEventSchema, payload, event);
  const change = event === 'create' ? 'created' : 'deleted';
  const refType = ref.ref_type === 'branch' || ref.ref_type === 'tag' ? ref.ref_type : null;
  if (refType === null) return { ...common, type: 'unknown', providerEvent: event };
  return {
    ...common,
    type: 'ref',
    action: change,
    refType,
    name: ref.ref,
    ref: `refs/${refType === 'tag' ? 'tags' : 'heads'}/${ref.ref}`,
    change,
    sha: null,
  };
}

function mapReleaseEvent(payload: unknown, common: EventCommon): ScmEvent {
  const { release } = eventPayload(WireReleaseEventSchema, payload, 'release');
  return {
    ...common,
    type: 'release',
    occurredAt:
      eventTime(release.published_at) ?? eventTime(release.created_at) ?? common.occurredAt,
    tagName: release.tag_name,
    name: release.name ?? null,
  };
}
