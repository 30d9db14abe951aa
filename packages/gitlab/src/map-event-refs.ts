import type { ScmEvent } from '@scm/core';
import { WirePushEventSchema, WireReleaseEventSchema } from './gitlab-schemas.js';
import { text } from './map-common.js';
import { eventSha, invalid, when, type EventCommon } from './map-event-common.js';

/** `Push Hook`: the pushed ref, its old and new head, and the commits. */
export function mapPushEvent(payload: unknown, common: EventCommon): ScmEvent {
  const push = WirePushEventSchema.safeParse(payload);
  if (!push.success) throw invalid('Malformed Push Hook');
  return {
    ...common,
    type: 'push',
    action: null,
    ref: push.data.ref,
    // GitLab writes 40 zeros for "no commit" (a created or deleted branch).
    before: eventSha(push.data.before),
    after: eventSha(push.data.after),
    commits: (push.data.commits ?? []).map((commit) => ({
      sha: commit.id,
      message: commit.message,
      author: commit.author?.name ?? null,
    })),
  };
}

/** `Tag Push Hook`: a tag created (a new head) or deleted (40 zeros). */
export function mapTagPushEvent(payload: unknown, common: EventCommon): ScmEvent {
  const push = WirePushEventSchema.safeParse(payload);
  if (!push.success) throw invalid('Malformed Tag Push Hook');
  const deleted = eventSha(push.data.after) === null;
  const change = deleted ? 'deleted' : 'created';
  return {
    ...common,
    type: 'tag',
    action: change,
    name: push.data.ref.replace(/^refs\/tags\//, ''),
    change,
    sha: deleted ? null : (eventSha(push.data.checkout_sha) ?? eventSha(push.data.after)),
  };
}

/** `Release Hook`: a release created, updated or deleted, named by its tag. */
export function mapReleaseEvent(payload: unknown, common: EventCommon): ScmEvent {
  const parsed = WireReleaseEventSchema.safeParse(payload);
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
