import { z } from 'zod';
import { ActorSchema, ProviderIdSchema, TimestampSchema } from './common.js';
import { CheckConclusionSchema, CheckStatusSchema, DeploymentStateSchema } from './ci.js';
import { PullRequestStateSchema } from './pull-request.js';

/** The repository an event is about, as much as the payload tells. */
export const EventRepositorySchema = z.object({
  id: z.string().nullable(),
  fullName: z.string(),
  webUrl: z.string().nullable(),
});

const eventBase = {
  provider: ProviderIdSchema,
  /** The provider's delivery id (`X-GitHub-Delivery`, `X-Request-UUID`, …); null when none was sent. */
  deliveryId: z.string().nullable(),
  /** When the provider says the event happened; the receive time when the payload does not say. */
  occurredAt: TimestampSchema,
  /** The provider's action verb (`opened`, `created`, `completed`, …), null when it has none. */
  action: z.string().nullable(),
  repository: EventRepositorySchema.nullable(),
  sender: ActorSchema.nullable(),
  /** The verified payload, parsed, untouched. */
  raw: z.unknown(),
};

export const PushEventSchema = z.object({
  ...eventBase,
  type: z.literal('push'),
  ref: z.string(),
  before: z.string().nullable(),
  after: z.string().nullable(),
  commits: z.array(
    z.object({ sha: z.string(), message: z.string(), author: z.string().nullable() }),
  ),
});

export const PullRequestEventSchema = z.object({
  ...eventBase,
  type: z.literal('pull_request'),
  number: z.number().int(),
  title: z.string(),
  state: PullRequestStateSchema,
  sourceBranch: z.string().nullable(),
  targetBranch: z.string().nullable(),
  headSha: z.string().nullable(),
  webUrl: z.string().nullable(),
});

export const RefEventSchema = z.object({
  ...eventBase,
  type: z.enum(['tag', 'branch']),
  name: z.string(),
  /** `created` / `deleted`, also in `action`. */
  change: z.enum(['created', 'deleted']),
  sha: z.string().nullable(),
});

export const ReleaseEventSchema = z.object({
  ...eventBase,
  type: z.literal('release'),
  tagName: z.string(),
  name: z.string().nullable(),
});

export const CheckEventSchema = z.object({
  ...eventBase,
  type: z.literal('check'),
  name: z.string(),
  sha: z.string().nullable(),
  status: CheckStatusSchema,
  conclusion: CheckConclusionSchema.nullable(),
});

export const DeploymentEventSchema = z.object({
  ...eventBase,
  type: z.literal('deployment'),
  environment: z.string().nullable(),
  state: DeploymentStateSchema,
  sha: z.string().nullable(),
});

export const PingEventSchema = z.object({ ...eventBase, type: z.literal('ping') });

export const InstallationEventSchema = z.object({
  ...eventBase,
  type: z.literal('installation'),
  installationId: z.string().nullable(),
});

export const UnknownEventSchema = z.object({
  ...eventBase,
  type: z.literal('unknown'),
  /** The provider's own event name (`X-GitHub-Event`, `X-Gitlab-Event`, `X-Event-Key`). */
  providerEvent: z.string().nullable(),
});

export const ScmEventSchema = z.discriminatedUnion('type', [
  PushEventSchema,
  PullRequestEventSchema,
  RefEventSchema,
  ReleaseEventSchema,
  CheckEventSchema,
  DeploymentEventSchema,
  PingEventSchema,
  InstallationEventSchema,
  UnknownEventSchema,
]);
export type ScmEvent = z.infer<typeof ScmEventSchema>;
export type ScmEventType = ScmEvent['type'];
export type PushEvent = z.infer<typeof PushEventSchema>;
export type PullRequestEvent = z.infer<typeof PullRequestEventSchema>;
export type RefEvent = z.infer<typeof RefEventSchema>;
export type ReleaseEvent = z.infer<typeof ReleaseEventSchema>;
export type CheckEvent = z.infer<typeof CheckEventSchema>;
export type DeploymentEvent = z.infer<typeof DeploymentEventSchema>;
export type PingEvent = z.infer<typeof PingEventSchema>;
export type InstallationEvent = z.infer<typeof InstallationEventSchema>;
export type UnknownEvent = z.infer<typeof UnknownEventSchema>;
