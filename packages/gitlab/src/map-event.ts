import { trimSlashes, type Actor, type ScmEvent } from '@scm/core';
import {
  WireEventEnvelopeSchema,
  WireProjectSystemEventSchema,
  type WireEventEnvelope,
} from './gitlab-schemas.js';
import { GITLAB_PROVIDER_ID, text } from './map-common.js';
import { mapDeploymentEvent, mapJobEvent, mapPipelineEvent } from './map-event-ci.js';
import { invalid, when, type EventCommon } from './map-event-common.js';
import { mapIssueEvent, mapMergeRequestEvent, mapNoteEvent } from './map-event-merge-requests.js';
import { mapPushEvents, mapReleaseEvent } from './map-event-refs.js';

/** What a delivery says besides its body: its id, and when it arrived. */
export interface DeliveryContext {
  /** `Idempotency-Key`, else `webhook-id`, else `X-Gitlab-Event-UUID`; null without any. */
  deliveryId: string | null;
  /** When the delivery was received (UTC, whole seconds): events without a time of their own. */
  receivedAt: string;
}

/** System hooks carry the same bodies under one header; their kind is in the body. */
const SYSTEM_EVENTS: Readonly<Record<string, string>> = {
  push: 'Push Hook',
  tag_push: 'Tag Push Hook',
  merge_request: 'Merge Request Hook',
};

/** System hooks about a project → the repository change they are, and the verb. */
const PROJECT_SYSTEM_EVENTS: Readonly<
  Record<string, [Extract<ScmEvent, { type: 'repository' }>['change'], string]>
> = {
  project_create: ['created', 'create'],
  project_destroy: ['deleted', 'destroy'],
  project_rename: ['renamed', 'rename'],
  project_transfer: ['transferred', 'transfer'],
  project_update: ['edited', 'update'],
};

function repositoryOf(envelope: WireEventEnvelope): EventCommon['repository'] {
  const project = envelope.project;
  if (project !== undefined && project !== null)
    return {
      id: project.id === undefined || project.id === null ? null : String(project.id),
      fullName: project.path_with_namespace,
      webUrl: project.web_url ?? null,
    };
  // A Job Hook has no `project`: its id and the repository's homepage still name it.
  const homepage = text(envelope.repository?.homepage);
  if (homepage !== null) {
    const path = homepagePath(homepage);
    if (path !== null)
      return {
        id:
          envelope.project_id === undefined || envelope.project_id === null
            ? null
            : String(envelope.project_id),
        fullName: path,
        webUrl: homepage,
      };
  }
  return null;
}

/** `https://gitlab.example.com/group/sub/project` → `group/sub/project`; null if not a URL. */
function homepagePath(homepage: string): string | null {
  try {
    const path = trimSlashes(decodeURIComponent(new URL(homepage).pathname), 'both');
    return path === '' ? null : path;
  } catch {
    return null;
  }
}

function senderOf(envelope: WireEventEnvelope): Actor | null {
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

/**
 * A GitLab webhook body (its `X-Gitlab-Event` name and parsed JSON) → every `ScmEvent` it
 * carries, by family: pushes, tags and releases (map-event-refs.ts; a push that created or deleted
 * a ref is the push followed by its `ref` event), merge requests, reviews, notes and issues
 * (map-event-merge-requests.ts), pipelines, jobs and deployments (map-event-ci.ts), project system
 * hooks (repository events); any other event is one `unknown` with its name. Pure; throws
 * `INVALID_REQUEST` for a body that is not the event it says it is.
 */
export function mapGitLabEvents(
  event: string,
  payload: unknown,
  delivery: DeliveryContext,
): ScmEvent[] {
  const envelope = WireEventEnvelopeSchema.safeParse(payload);
  if (!envelope.success) throw invalid('Webhook body is not a GitLab event');
  const common: EventCommon = {
    provider: GITLAB_PROVIDER_ID,
    deliveryId: delivery.deliveryId,
    occurredAt: delivery.receivedAt,
    repository: repositoryOf(envelope.data),
    sender: senderOf(envelope.data),
    installationId: null,
    raw: payload,
  };
  if (event === 'System Hook') {
    const kind = envelope.data.event_name ?? envelope.data.object_kind ?? '';
    const routed = SYSTEM_EVENTS[kind];
    if (routed !== undefined) return mapEvents(routed, payload, common);
    const project = PROJECT_SYSTEM_EVENTS[kind];
    if (project !== undefined) return [mapProjectSystemEvent(payload, common, ...project)];
    return [{ ...common, type: 'unknown', action: null, providerEvent: `System Hook: ${kind}` }];
  }
  return mapEvents(event, payload, common);
}

/** The one event of a GitLab delivery: the first of `mapGitLabEvents` (a push, not its ref event). */
export function mapGitLabEvent(
  event: string,
  payload: unknown,
  delivery: DeliveryContext,
): ScmEvent {
  return mapGitLabEvents(event, payload, delivery)[0] as ScmEvent;
}

function mapEvents(event: string, payload: unknown, common: EventCommon): ScmEvent[] {
  switch (event) {
    case 'Push Hook':
    case 'Tag Push Hook':
      return mapPushEvents(payload, common, event);
    case 'Release Hook':
      return [mapReleaseEvent(payload, common)];
    case 'Merge Request Hook':
      return [mapMergeRequestEvent(payload, common)];
    case 'Note Hook':
    case 'Confidential Note Hook':
      return [mapNoteEvent(event, payload, common)];
    case 'Issue Hook':
    case 'Confidential Issue Hook':
      return [mapIssueEvent(payload, common)];
    case 'Pipeline Hook':
      return [mapPipelineEvent(payload, common)];
    case 'Job Hook':
      return [mapJobEvent(payload, common)];
    case 'Deployment Hook':
      return [mapDeploymentEvent(payload, common)];
    default:
      return [{ ...common, type: 'unknown', action: null, providerEvent: event }];
  }
}

/**
 * System hooks `project_create`, `_destroy`, `_rename`, `_transfer`, `_update`: the body is the
 * project (https://docs.gitlab.com/administration/system_hooks/).
 */
function mapProjectSystemEvent(
  payload: unknown,
  common: EventCommon,
  change: Extract<ScmEvent, { type: 'repository' }>['change'],
  verb: string,
): ScmEvent {
  const parsed = WireProjectSystemEventSchema.safeParse(payload);
  if (!parsed.success) throw invalid(`Malformed System Hook: ${verb}`);
  const project = parsed.data;
  const visibility = project.project_visibility;
  return {
    ...common,
    occurredAt: when(common, project.updated_at, project.created_at),
    repository: {
      id:
        project.project_id === null || project.project_id === undefined
          ? null
          : String(project.project_id),
      fullName: project.path_with_namespace,
      webUrl: null,
    },
    type: 'repository',
    action: verb,
    change,
    visibility:
      visibility === 'public' || visibility === 'private' || visibility === 'internal'
        ? visibility
        : null,
    archived: null,
    previousFullName: text(project.old_path_with_namespace),
  };
}
