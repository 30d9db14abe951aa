import { invalidWebhook, type Actor, type ScmError, type ScmEvent } from '@scm/core';
import {
  WireChangeEventSchema,
  WireEventEnvelopeSchema,
  WirePushEventSchema,
} from './example-schemas.js';
import { EXAMPLE_PROVIDER_ID, timestamp } from './map-common.js';
import { mapPullRequest } from './map-pull-requests.js';

/** What a delivery says besides its body: its id header, and when it arrived. */
export interface DeliveryContext {
  deliveryId: string | null;
  /** When `occurred_at` is missing: the receiving time, an ISO timestamp. */
  receivedAt: string;
}

type Common = Pick<
  ScmEvent,
  'provider' | 'deliveryId' | 'occurredAt' | 'repository' | 'sender' | 'installationId' | 'raw'
>;

function invalid(message: string): ScmError {
  return invalidWebhook(EXAMPLE_PROVIDER_ID, message);
}

/**
 * An example webhook body (its `X-Example-Event` name and parsed JSON) → every `ScmEvent` it
 * carries: `push` (and, when the push created or deleted its ref, the `ref` event after it, as
 * core's README "Normalized events" asks of every provider), `change_request` (a pull request
 * event), `ping`, and `unknown` for any other event. Pure; throws `INVALID_REQUEST` for a body
 * that is not the event it says it is.
 */
export function mapExampleEvents(
  event: string,
  payload: unknown,
  delivery: DeliveryContext,
): ScmEvent[] {
  const first = mapExampleEvent(event, payload, delivery);
  if (first.type !== 'push' || (!first.created && !first.deleted)) return [first];
  const change = first.created ? 'created' : 'deleted';
  const tag = first.ref.startsWith('refs/tags/');
  return [
    first,
    {
      provider: first.provider,
      deliveryId: first.deliveryId,
      occurredAt: first.occurredAt,
      repository: first.repository,
      sender: first.sender,
      installationId: null,
      raw: first.raw,
      type: 'ref',
      action: change,
      refType: tag ? 'tag' : 'branch',
      name: first.ref.replace(/^refs\/(?:heads|tags)\//, ''),
      ref: first.ref,
      change,
      sha: first.created ? first.after : first.before,
    },
  ];
}

/** The one event of an example delivery: the first of `mapExampleEvents`. */
export function mapExampleEvent(
  event: string,
  payload: unknown,
  delivery: DeliveryContext,
): ScmEvent {
  const envelope = WireEventEnvelopeSchema.safeParse(payload);
  if (!envelope.success) throw invalid('Webhook body is not an example event');
  const { repo, sender } = envelope.data;
  const common: Common = {
    provider: EXAMPLE_PROVIDER_ID,
    deliveryId: delivery.deliveryId,
    occurredAt: timestamp(envelope.data.occurred_at) ?? delivery.receivedAt,
    repository: repo
      ? { id: String(repo.id), fullName: repo.slug, webUrl: repo.web_url ?? null }
      : null,
    sender: sender
      ? ({
          id: null,
          login: sender.handle,
          name: sender.display_name ?? null,
          email: null,
          avatarUrl: null,
        } satisfies Actor)
      : null,
    // The example provider has no app installations (GitHub's `installation.id`).
    installationId: null,
    raw: payload,
  };
  switch (event) {
    case 'push': {
      const push = WirePushEventSchema.safeParse(payload);
      if (!push.success) throw invalid('Malformed push event');
      return {
        ...common,
        type: 'push',
        action: null,
        ref: push.data.ref,
        before: push.data.before,
        after: push.data.after,
        // A null side is a ref created (no before) or deleted (no after).
        created: push.data.before === null,
        deleted: push.data.after === null,
        forced: null,
        commits: push.data.commits.map((commit) => ({
          sha: commit.sha,
          message: commit.message,
          author: commit.author?.handle ?? commit.author?.name ?? null,
        })),
        // The example provider sends every commit of a push.
        truncated: false,
        totalCommits: push.data.commits.length,
      };
    }
    case 'change_request': {
      const parsed = WireChangeEventSchema.safeParse(payload);
      if (!parsed.success) throw invalid('Malformed change_request event');
      const pr = mapPullRequest(parsed.data.change, { includeRaw: false });
      return {
        ...common,
        type: 'pull_request',
        action: parsed.data.action,
        number: pr.number,
        title: pr.title,
        state: pr.state,
        sourceBranch: pr.sourceBranch,
        targetBranch: pr.targetBranch,
        headSha: pr.headSha,
        webUrl: pr.webUrl,
        merged: pr.state === 'merged',
        // The example provider does not say which commit a merge made.
        mergeCommitSha: null,
      };
    }
    case 'ping':
      return { ...common, type: 'ping', action: null };
    default:
      return { ...common, type: 'unknown', action: null, providerEvent: event };
  }
}
