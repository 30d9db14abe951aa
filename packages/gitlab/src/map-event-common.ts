import { invalidWebhook, type ScmError, type ScmEvent } from '@scm/core';
import { GITLAB_PROVIDER_ID, timestamp } from './map-common.js';

/** What every event shares, read from the envelope and the delivery (map-event.ts). */
export type EventCommon = Pick<
  ScmEvent,
  'provider' | 'deliveryId' | 'occurredAt' | 'repository' | 'sender' | 'installationId' | 'raw'
>;

const ZERO_SHA = /^0{40}$/;

export function invalid(message: string): ScmError {
  return invalidWebhook(GITLAB_PROVIDER_ID, message);
}

/** A sha, or null for none: GitLab writes 40 zeros for "no commit" (a created or deleted ref). */
export function eventSha(value: string | null | undefined): string | null {
  return value === undefined || value === null || value === '' || ZERO_SHA.test(value)
    ? null
    : value;
}

/** The first of `values` that is a timestamp, else when the delivery was received. */
export function when(common: EventCommon, ...values: (string | null | undefined)[]): string {
  for (const value of values) {
    const parsed = timestamp(value);
    if (parsed !== null) return parsed;
  }
  return common.occurredAt;
}
