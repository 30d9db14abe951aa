import type { ScmEvent } from '@scm/core';
import { WirePushEventSchema, WireReleaseEventSchema } from './gitlab-schemas.js';
import { text } from './map-common.js';
import { eventSha, invalid, when, type EventCommon } from './map-event-common.js';

/**
 * `Push Hook` and `Tag Push Hook`: the push of one ref, and when it created or deleted the ref
 * (GitLab writes 40 zeros for the missing side), the `ref` event after it — GitLab sends no
 * separate delivery for that fact, GitHub does (core's README, "Normalized events").
 */
export function mapPushEvents(payload: unknown, common: EventCommon, event: string): ScmEvent[] {
  const parsed = WirePushEventSchema.safeParse(payload);
  if (!parsed.success) throw invalid(`Malformed ${event}`);
  const data = parsed.data;
  const before = eventSha(data.before);
  const after = eventSha(data.after);
  const commits = (data.commits ?? []).map((commit) => ({
    sha: commit.id,
    message: commit.message,
    author: commit.author?.name ?? null,
  }));
  // GitLab lists at most 20 commits and counts them all in total_commits_count.
  const total = data.total_commits_count ?? null;
  const push: ScmEvent = {
    ...common,
    type: 'push',
    action: null,
    ref: data.ref,
    before,
    after,
    created: before === null,
    deleted: after === null,
    forced: null,
    commits,
    truncated: total !== null && total > commits.length,
    totalCommits: total ?? commits.length,
  };
  if (before !== null && after !== null) return [push];
  const tag = data.ref.startsWith('refs/tags/') || event === 'Tag Push Hook';
  const change = after === null ? 'deleted' : 'created';
  return [
    push,
    {
      ...common,
      type: 'ref',
      action: change,
      refType: tag ? 'tag' : 'branch',
      name: data.ref.replace(/^refs\/(?:heads|tags)\//, ''),
      ref: data.ref,
      change,
      sha: after === null ? before : (eventSha(data.checkout_sha) ?? after),
    },
  ];
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
