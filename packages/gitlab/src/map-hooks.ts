import type { EventSubscription } from '@scm/core';
import type { WireHook } from './gitlab-schemas.js';
import { GITLAB_PROVIDER_ID, withRaw, timestamp, type MapContext } from './map-common.js';

/** Core event names ↔ GitLab project hook flags (https://docs.gitlab.com/api/project_webhooks/). */
export const HOOK_EVENT_FLAGS = {
  push: ['push_events'],
  pull_request: ['merge_requests_events'],
  tag: ['tag_push_events'],
  release: ['releases_events'],
  check: ['pipeline_events', 'job_events'],
  deployment: ['deployment_events'],
  comment: ['note_events'],
  issues: ['issues_events'],
} as const satisfies Record<string, readonly (keyof WireHook)[]>;
export type HookEvent = keyof typeof HOOK_EVENT_FLAGS;

export function mapEventSubscription(
  wire: WireHook,
  repository: string,
  context: MapContext,
): EventSubscription {
  const events = (Object.keys(HOOK_EVENT_FLAGS) as HookEvent[]).filter((event) =>
    HOOK_EVENT_FLAGS[event].some((flag) => wire[flag] === true),
  );
  return withRaw(wire, context, {
    provider: GITLAB_PROVIDER_ID,
    id: String(wire.id),
    repository,
    callbackUrl: wire.url,
    events,
    // GitLab project hooks have no on/off switch: a hook that exists is delivered to.
    active: true,
    createdAt: timestamp(wire.created_at),
  });
}
