import {
  getHeader,
  invalidWebhook,
  readWebhookDelivery,
  type ScmError,
  verifyHmacSignature,
  type Actor,
  type Clock,
  type EventRepositorySchema,
  type ProviderWebhooks,
  type ScmEvent,
} from '@scm/core';
import { z } from 'zod';
import { WireChangeSchema } from './example-schemas.js';
import { EXAMPLE_PROVIDER_ID, timestamp } from './map-common.js';
import { mapPullRequest } from './map-pull-request.js';

export const SIGNATURE_HEADER = 'x-example-signature';
export const EVENT_HEADER = 'x-example-event';
export const DELIVERY_HEADER = 'x-example-delivery';

const RepoSchema = z.object({
  id: z.number(),
  slug: z.string(),
  web_url: z.string().nullable().optional(),
});
const SenderSchema = z.object({
  handle: z.string(),
  display_name: z.string().nullable().optional(),
});
const EnvelopeSchema = z.object({
  occurred_at: z.string().nullable().optional(),
  repo: RepoSchema.nullable().optional(),
  sender: SenderSchema.nullable().optional(),
});
const PushSchema = EnvelopeSchema.extend({
  ref: z.string(),
  before: z.string().nullable(),
  after: z.string().nullable(),
  commits: z.array(
    z.object({
      sha: z.string(),
      message: z.string(),
      author: z.object({ handle: z.string().nullable(), name: z.string().nullable() }).nullable(),
    }),
  ),
});
const ChangeEventSchema = EnvelopeSchema.extend({ action: z.string(), change: WireChangeSchema });

function invalid(message: string): ScmError {
  return invalidWebhook(EXAMPLE_PROVIDER_ID, message);
}

/**
 * Example deliveries carry `X-Example-Signature: sha256=<hmac of the raw body>`,
 * `X-Example-Event` and `X-Example-Delivery`.
 */
export function createExampleWebhooks(options: {
  secrets: readonly string[];
  clock: Clock;
}): ProviderWebhooks {
  return {
    verify: (request) =>
      Promise.resolve(
        verifyHmacSignature({
          secrets: options.secrets,
          body: request.rawBody,
          signature: getHeader(request.headers, SIGNATURE_HEADER),
        }),
      ),
    parse: (request) => {
      const { event, payload } = readWebhookDelivery(request, {
        provider: EXAMPLE_PROVIDER_ID,
        eventHeader: EVENT_HEADER,
      });
      const envelope = EnvelopeSchema.safeParse(payload);
      if (!envelope.success) throw invalid('Webhook body is not an example event');
      const { repo, sender } = envelope.data;
      const common = {
        provider: EXAMPLE_PROVIDER_ID,
        deliveryId: getHeader(request.headers, DELIVERY_HEADER) ?? null,
        occurredAt:
          timestamp(envelope.data.occurred_at) ?? new Date(options.clock.now()).toISOString(),
        repository: repo
          ? ({
              id: String(repo.id),
              fullName: repo.slug,
              webUrl: repo.web_url ?? null,
            } satisfies z.infer<typeof EventRepositorySchema>)
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
        raw: payload,
      };
      return parseEvent(event, payload, common);
    },
  };
}

type Common = Pick<
  ScmEvent,
  'provider' | 'deliveryId' | 'occurredAt' | 'repository' | 'sender' | 'raw'
>;

function parseEvent(event: string, payload: unknown, common: Common): ScmEvent {
  switch (event) {
    case 'push': {
      const push = PushSchema.safeParse(payload);
      if (!push.success) throw invalid('Malformed push event');
      return {
        ...common,
        type: 'push',
        action: null,
        ref: push.data.ref,
        before: push.data.before,
        after: push.data.after,
        commits: push.data.commits.map((commit) => ({
          sha: commit.sha,
          message: commit.message,
          author: commit.author?.handle ?? commit.author?.name ?? null,
        })),
      };
    }
    case 'change_request': {
      const parsed = ChangeEventSchema.safeParse(payload);
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
      };
    }
    case 'ping':
      return { ...common, type: 'ping', action: null };
    default:
      return { ...common, type: 'unknown', action: null, providerEvent: event };
  }
}
