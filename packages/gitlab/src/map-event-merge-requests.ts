import type { ScmEvent } from '@scm/core';
import {
  WireMergeRequestAttributesSchema,
  WireMergeRequestEventSchema,
  WireNoteEventSchema,
  type WireMergeRequestAttributes,
} from './gitlab-schemas.js';
import { invalid, when, type EventCommon } from './map-event-common.js';
import { mapMergeRequestState } from './map-pull-requests.js';

const MR_NUMBER_IN_URL = /\/merge_requests\/(\d{1,12})(?:[#?].*)?$/;
const STATE_BY_ACTION: Readonly<Record<string, string>> = { merge: 'merged', close: 'closed' };

function mergeRequestEvent(attributes: WireMergeRequestAttributes, common: EventCommon): ScmEvent {
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

/** `Merge Request Hook`: the merge request as it is after the action. */
export function mapMergeRequestEvent(payload: unknown, common: EventCommon): ScmEvent {
  const parsed = WireMergeRequestEventSchema.safeParse(payload);
  if (!parsed.success) throw invalid('Malformed Merge Request Hook');
  return mergeRequestEvent(parsed.data.object_attributes, common);
}

/**
 * `Note Hook`: a comment on a merge request is activity on it (`commented`); other notes (issues,
 * commits, snippets) have no normalized type.
 */
export function mapNoteEvent(event: string, payload: unknown, common: EventCommon): ScmEvent {
  const parsed = WireNoteEventSchema.safeParse(payload);
  if (!parsed.success) throw invalid('Malformed Note Hook');
  const attributes = parsed.data.object_attributes;
  const mergeRequest = WireMergeRequestAttributesSchema.safeParse(parsed.data.merge_request);
  if (attributes.noteable_type !== 'MergeRequest' || !mergeRequest.success)
    return { ...common, type: 'unknown', action: null, providerEvent: event };
  return {
    ...mergeRequestEvent(mergeRequest.data, common),
    // When the comment was made, not when the merge request last changed.
    occurredAt: when(common, attributes.updated_at, attributes.created_at),
    action: 'commented',
  };
}
