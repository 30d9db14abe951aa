import type { ScmEvent, UnknownEvent } from '@scm/core';
import type { z } from 'zod';
import {
  WireBuildResourceSchema,
  WireCommentResourceSchema,
  WirePipelineResourceSchema,
  WirePullRequestResourceSchema,
  WirePushResourceSchema,
  type WireHookEnvelope,
} from './azure-schemas.js';
import { mapBuildEvent, mapJobEvent, mapRunEvent } from './map-event-ci.js';
import { mapCommentEvent, mapPullRequestEvent, mapPushEvents } from './map-event-code.js';
import { eventBase, type DeliveryContext } from './map-event-common.js';

export type { DeliveryContext } from './map-event-common.js';

function unknownEvent(
  payload: unknown,
  envelope: WireHookEnvelope,
  delivery: DeliveryContext,
): UnknownEvent {
  return {
    ...eventBase(payload, delivery, {
      createdDate: envelope.createdDate,
      action: null,
      repository: null,
      sender: null,
    }),
    type: 'unknown',
    providerEvent: envelope.eventType,
  };
}

/**
 * A service hook delivery (its `eventType` is in the body: Azure sends no event header) → every
 * normalized event it carries: pushes with their ref events, pull requests, pull request comments,
 * builds and pipeline runs, stages and jobs. An event type the adapter does not map, or a
 * resource that does not have the documented shape, is an `unknown` event, never dropped.
 */
export function mapAzureEvents(
  envelope: WireHookEnvelope,
  payload: unknown,
  delivery: DeliveryContext,
): ScmEvent[] {
  const parse = <S extends z.ZodType>(schema: S): z.infer<S> | undefined => {
    const parsed = schema.safeParse(envelope.resource);
    return parsed.success ? parsed.data : undefined;
  };
  const when = envelope.createdDate;
  const type = envelope.eventType;
  let events: ScmEvent[] | undefined;
  if (type === 'git.push') {
    const resource = parse(WirePushResourceSchema);
    events = resource === undefined ? undefined : mapPushEvents(payload, when, resource, delivery);
  } else if (type.startsWith('git.pullrequest.')) {
    const resource = parse(WirePullRequestResourceSchema);
    const action = type.slice('git.pullrequest.'.length);
    events =
      resource === undefined
        ? undefined
        : [mapPullRequestEvent(payload, when, action, resource, delivery)];
  } else if (type === 'ms.vss-code.git-pullrequest-comment-event') {
    const resource = parse(WireCommentResourceSchema);
    events =
      resource === undefined ? undefined : [mapCommentEvent(payload, when, resource, delivery)];
  } else if (type === 'build.complete') {
    const resource = parse(WireBuildResourceSchema);
    events =
      resource === undefined ? undefined : [mapBuildEvent(payload, when, resource, delivery)];
  } else if (
    type === 'ms.vss-pipelines.run-state-changed-event' ||
    type === 'ms.vss-pipelines.stage-state-changed-event'
  ) {
    const resource = parse(WirePipelineResourceSchema);
    events = resource === undefined ? undefined : [mapRunEvent(payload, when, resource, delivery)];
  } else if (type === 'ms.vss-pipelines.job-state-changed-event') {
    const resource = parse(WirePipelineResourceSchema);
    const job = resource === undefined ? undefined : mapJobEvent(payload, when, resource, delivery);
    events = job === undefined ? undefined : [job];
  }
  return events === undefined || events.length === 0
    ? [unknownEvent(payload, envelope, delivery)]
    : events;
}
