import type { EventSubscription } from '@scm/core';
import type { WireSubscription } from './azure-schemas.js';
import { AZURE_PROVIDER_ID, withRaw, timestamp, type MapContext } from './map-common.js';

/**
 * Core event names → the service hook event types a subscription is made for
 * (https://learn.microsoft.com/azure/devops/service-hooks/events). Azure subscribes to one event
 * type per subscription: a webhook is one subscription per event type. Branch and tag changes are
 * pushes; reviews (votes) come as pull request updates.
 */
export const HOOK_EVENT_TYPES = {
  push: ['git.push'],
  ref: ['git.push'],
  pull_request: ['git.pullrequest.created', 'git.pullrequest.updated', 'git.pullrequest.merged'],
  review: ['git.pullrequest.updated'],
  comment: ['ms.vss-code.git-pullrequest-comment-event'],
  check: ['build.complete', 'ms.vss-pipelines.run-state-changed-event'],
  job: ['ms.vss-pipelines.job-state-changed-event', 'ms.vss-pipelines.stage-state-changed-event'],
} as const satisfies Record<string, readonly string[]>;
export type HookEvent = keyof typeof HOOK_EVENT_TYPES;

/** The publisher of an event type: `pipelines` for the pipeline run events, else `tfs`. */
export function publisherOf(eventType: string): string {
  return eventType.startsWith('ms.vss-pipelines.') ? 'pipelines' : 'tfs';
}

/**
 * The subscriptions made for one webhook, as one subscription: its id is their ids joined with
 * commas (each a GUID), so `deleteWebhook` removes them all.
 */
export function mapEventSubscription(
  wires: readonly WireSubscription[],
  input: { repository: string; events: readonly string[]; active: boolean },
  context: MapContext,
): EventSubscription {
  const first = wires[0];
  return withRaw(wires, context, {
    provider: AZURE_PROVIDER_ID,
    id: wires.map((wire) => wire.id).join(','),
    repository: input.repository,
    callbackUrl: first?.consumerInputs?.url ?? '',
    events: [...input.events],
    active: input.active,
    createdAt: timestamp(first?.createdDate),
  });
}
