import type { Actor, ScmEvent } from '@scm/core';
import { WireEventEnvelopeSchema, type WireEventEnvelope } from './gitlab-schemas.js';
import { GITLAB_PROVIDER_ID, text } from './map-common.js';
import { mapDeploymentEvent, mapJobEvent, mapPipelineEvent } from './map-event-ci.js';
import { invalid, type EventCommon } from './map-event-common.js';
import { mapMergeRequestEvent, mapNoteEvent } from './map-event-merge-requests.js';
import { mapPushEvent, mapReleaseEvent, mapTagPushEvent } from './map-event-refs.js';

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

function repositoryOf(envelope: WireEventEnvelope): EventCommon['repository'] {
  const project = envelope.project;
  if (project !== undefined && project !== null)
    return {
      id: project.id === undefined || project.id === null ? null : String(project.id),
      fullName: project.path_with_namespace,
      webUrl: project.web_url ?? null,
    };
  return null;
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
 * A GitLab webhook body (its `X-Gitlab-Event` name and parsed JSON) → `ScmEvent`, by family:
 * pushes, tags and releases (map-event-refs.ts), merge requests and their notes
 * (map-event-merge-requests.ts), pipelines, jobs and deployments (map-event-ci.ts); any other
 * event is `unknown` with its name. Pure; throws `INVALID_REQUEST` for a body that is not the
 * event it says it is.
 */
export function mapGitLabEvent(
  event: string,
  payload: unknown,
  delivery: DeliveryContext,
): ScmEvent {
  const envelope = WireEventEnvelopeSchema.safeParse(payload);
  if (!envelope.success) throw invalid('Webhook body is not a GitLab event');
  const common: EventCommon = {
    provider: GITLAB_PROVIDER_ID,
    deliveryId: delivery.deliveryId,
    occurredAt: delivery.receivedAt,
    repository: repositoryOf(envelope.data),
    sender: senderOf(envelope.data),
    raw: payload,
  };
  if (event === 'System Hook') {
    const kind = envelope.data.event_name ?? envelope.data.object_kind ?? '';
    const routed = SYSTEM_EVENTS[kind];
    if (routed === undefined)
      return { ...common, type: 'unknown', action: null, providerEvent: `System Hook: ${kind}` };
    return mapEvent(routed, payload, common);
  }
  return mapEvent(event, payload, common);
}

function mapEvent(event: string, payload: unknown, common: EventCommon): ScmEvent {
  switch (event) {
    case 'Push Hook':
      return mapPushEvent(payload, common);
    case 'Tag Push Hook':
      return mapTagPushEvent(payload, common);
    case 'Release Hook':
      return mapReleaseEvent(payload, common);
    case 'Merge Request Hook':
      return mapMergeRequestEvent(payload, common);
    case 'Note Hook':
      return mapNoteEvent(event, payload, common);
    case 'Pipeline Hook':
      return mapPipelineEvent(payload, common);
    case 'Job Hook':
      return mapJobEvent(payload, common);
    case 'Deployment Hook':
      return mapDeploymentEvent(payload, common);
    default:
      return { ...common, type: 'unknown', action: null, providerEvent: event };
  }
}
