import { z } from 'zod';
import { resourceBase, TimestampSchema } from './common.js';

export const CheckStatusSchema = z.enum(['queued', 'in_progress', 'completed']);
export const CheckConclusionSchema = z.enum([
  'success',
  'failure',
  'neutral',
  'cancelled',
  'skipped',
  'timed_out',
  'action_required',
  'stale',
]);

/** GitHub check runs and commit statuses, GitLab statuses and pipelines, Bitbucket statuses and pipelines. */
export const CheckSchema = z.object({
  ...resourceBase,
  id: z.string(),
  /** Where the provider keeps it: a check run, a commit status, a pipeline. */
  kind: z.enum(['check_run', 'commit_status', 'pipeline']),
  name: z.string(),
  sha: z.string(),
  status: CheckStatusSchema,
  conclusion: CheckConclusionSchema.nullable(),
  description: z.string().nullable(),
  detailsUrl: z.string().nullable(),
  startedAt: TimestampSchema.nullable(),
  completedAt: TimestampSchema.nullable(),
});
export type Check = z.infer<typeof CheckSchema>;

export const DeploymentStateSchema = z.enum([
  'pending',
  'queued',
  'in_progress',
  'success',
  'failure',
  'error',
  'inactive',
  'cancelled',
  'unknown',
]);

export const DeploymentSchema = z.object({
  ...resourceBase,
  id: z.string(),
  environment: z.string(),
  ref: z.string().nullable(),
  sha: z.string().nullable(),
  /** The latest status of the deployment. */
  state: DeploymentStateSchema,
  creator: z.string().nullable(),
  createdAt: TimestampSchema.nullable(),
  updatedAt: TimestampSchema.nullable(),
  webUrl: z.string().nullable(),
});
export type Deployment = z.infer<typeof DeploymentSchema>;

/** A webhook the gateway created on a repository. Its secret is never echoed back. */
export const EventSubscriptionSchema = z.object({
  ...resourceBase,
  id: z.string(),
  repository: z.string(),
  callbackUrl: z.string(),
  events: z.array(z.string()),
  active: z.boolean(),
  createdAt: TimestampSchema.nullable(),
});
export type EventSubscription = z.infer<typeof EventSubscriptionSchema>;
