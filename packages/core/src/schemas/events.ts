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
  /**
   * The provider's own verb for what happened (`opened`, `created`, `submitted`, `completed`, …),
   * never a state or status; null when the provider sends none. Ref events say `created` or
   * `deleted`.
   */
  action: z.string().nullable(),
  repository: EventRepositorySchema.nullable(),
  sender: ActorSchema.nullable(),
  /** The GitHub App installation a delivery was sent for (`installation.id`); null otherwise. */
  installationId: z.string().nullable().default(null),
  /** The verified payload, parsed, untouched. */
  raw: z.unknown(),
};

/**
 * One ref moved by a push. Branches and tags created or deleted are ALSO ref events (below):
 * a push that creates a ref is a `push` with `created: true` plus a `ref` event `created`, on
 * every provider (GitHub sends them as two deliveries, `push` and `create`; GitLab and Bitbucket
 * as one delivery that `parseAll` turns into both).
 */
export const PushEventSchema = z.object({
  ...eventBase,
  type: z.literal('push'),
  /** The full ref name (`refs/heads/main`, `refs/tags/v1`); empty when the provider gave none. */
  ref: z.string(),
  before: z.string().nullable(),
  after: z.string().nullable(),
  /** The push created the ref (`before` is null). */
  created: z.boolean(),
  /** The push deleted the ref (`after` is null). */
  deleted: z.boolean(),
  /** A forced (non fast-forward) push; null when the provider does not say. */
  forced: z.boolean().nullable(),
  /** The commits pushed, newest last, as many as the provider sent. */
  commits: z.array(
    z.object({ sha: z.string(), message: z.string(), author: z.string().nullable() }),
  ),
  /** The provider sent fewer commits than were pushed (GitLab: 20, Bitbucket: 5, GitHub: 2048). */
  truncated: z.boolean(),
  /** How many commits the push carried by the provider's count; null when it does not say. */
  totalCommits: z.number().int().nonnegative().nullable(),
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
  /** The pull request is merged (also `state: merged`). */
  merged: z.boolean(),
  /** The commit the merge made on the target branch; null until merged or when not told. */
  mergeCommitSha: z.string().nullable(),
});

export const RefTypeSchema = z.enum(['branch', 'tag']);
export const RefChangeSchema = z.enum(['created', 'deleted']);

/**
 * A branch or tag created or deleted: one kind on every provider (GitHub `create` / `delete`;
 * GitLab a push or tag push from or to the zero sha; Bitbucket a `repo:push` change whose `old` or
 * `new` is null). `action` is `change`.
 */
export const RefEventSchema = z.object({
  ...eventBase,
  type: z.literal('ref'),
  refType: RefTypeSchema,
  /** The short name (`main`, `v1.0.0`). */
  name: z.string(),
  /** The full ref (`refs/heads/main`, `refs/tags/v1.0.0`). */
  ref: z.string(),
  change: RefChangeSchema,
  /** The commit the ref points at (created) or pointed at (deleted); null when not told. */
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

/** One job of a CI run: GitHub `workflow_job`, GitLab `Job Hook`. */
export const JobEventSchema = z.object({
  ...eventBase,
  type: z.literal('job'),
  jobId: z.string(),
  name: z.string(),
  /** The run the job belongs to (GitHub workflow run, GitLab pipeline); null when not told. */
  runId: z.string().nullable(),
  /** The workflow's name (GitHub) or the job's stage (GitLab); null when not told. */
  group: z.string().nullable(),
  sha: z.string().nullable(),
  /** The branch or tag the run is for, short name; null when not told. */
  ref: z.string().nullable(),
  status: CheckStatusSchema,
  conclusion: CheckConclusionSchema.nullable(),
  /** The provider's own status word (`queued`, `running`, `success`, `failed`, …). */
  providerStatus: z.string(),
  startedAt: TimestampSchema.nullable(),
  completedAt: TimestampSchema.nullable(),
  webUrl: z.string().nullable(),
});

export const DeploymentEventSchema = z.object({
  ...eventBase,
  type: z.literal('deployment'),
  environment: z.string().nullable(),
  state: DeploymentStateSchema,
  sha: z.string().nullable(),
});

/** The pull request a review or comment is about, as much as the payload tells. */
export const EventPullRequestRefSchema = z.object({
  number: z.number().int(),
  title: z.string().nullable(),
  webUrl: z.string().nullable(),
});

export const ReviewStateSchema = z.enum([
  'approved',
  'changes_requested',
  'commented',
  'dismissed',
  'pending',
]);

/**
 * A pull request review: GitHub `pull_request_review` (submitted, edited, dismissed), GitLab
 * merge request `approved` / `unapproved`, Bitbucket `pullrequest:approved`, `:unapproved`,
 * `:changes_request_created`, `:changes_request_removed`. `state` is the review's state after the
 * action (an approval withdrawn is `dismissed`).
 */
export const ReviewEventSchema = z.object({
  ...eventBase,
  type: z.literal('review'),
  pullRequest: EventPullRequestRefSchema,
  /** The review's id; null when the provider has no review object (GitLab, Bitbucket). */
  reviewId: z.string().nullable(),
  state: ReviewStateSchema,
  body: z.string().nullable(),
  /** The commit reviewed; null when not told. */
  commitSha: z.string().nullable(),
  webUrl: z.string().nullable(),
});

export const CommentSubjectSchema = z.enum(['issue', 'pull_request', 'commit']);

/**
 * A comment created, edited or deleted: on an issue, a pull request (its conversation, or a line
 * of its diff: `path` set, the review comment) or a commit.
 */
export const CommentEventSchema = z.object({
  ...eventBase,
  type: z.literal('comment'),
  subject: CommentSubjectSchema,
  commentId: z.string(),
  body: z.string(),
  webUrl: z.string().nullable(),
  /** The issue or pull request number; null on a commit. */
  number: z.number().int().nullable(),
  /** The issue's or pull request's title; null on a commit or when not told. */
  title: z.string().nullable(),
  /** The commit commented on (commit comments, and diff comments when told). */
  commitSha: z.string().nullable(),
  /** The file of a diff comment; null for a conversation comment. */
  path: z.string().nullable(),
  line: z.number().int().nullable(),
  /** The review a diff comment belongs to (GitHub); null otherwise. */
  reviewId: z.string().nullable(),
});

export const IssueStateSchema = z.enum(['open', 'closed']);

/** An issue opened, closed, reopened, edited, labelled… (`action` says which). */
export const IssueEventSchema = z.object({
  ...eventBase,
  type: z.literal('issue'),
  number: z.number().int(),
  title: z.string(),
  state: IssueStateSchema,
  webUrl: z.string().nullable(),
  labels: z.array(z.string()),
});

export const RepositoryChangeSchema = z.enum([
  'created',
  'deleted',
  'renamed',
  'transferred',
  'archived',
  'unarchived',
  'visibility_changed',
  'edited',
]);

/**
 * The repository itself changed: GitHub `repository`, GitLab system hooks `project_*`, Bitbucket
 * `repo:updated` / `repo:transfer`. `change` is the normalized kind, `action` the provider's verb.
 */
export const RepositoryEventSchema = z.object({
  ...eventBase,
  type: z.literal('repository'),
  change: RepositoryChangeSchema,
  /** `public`, `private` or `internal` after the change; null when not told. */
  visibility: z.enum(['public', 'private', 'internal']).nullable(),
  archived: z.boolean().nullable(),
  /** The full name before a rename or transfer; null otherwise or when not told. */
  previousFullName: z.string().nullable(),
});

export const PingEventSchema = z.object({ ...eventBase, type: z.literal('ping') });

/**
 * A GitHub App installation changed (`installation`: created, deleted, suspend, unsuspend,
 * new_permissions_accepted) or its repositories did (`installation_repositories`: added, removed).
 * `installationId` (the base field) is always set.
 */
export const InstallationEventSchema = z.object({
  ...eventBase,
  type: z.literal('installation'),
  /** The user or organization the app is installed on. */
  account: z
    .object({ id: z.string(), login: z.string().nullable(), type: z.string().nullable() })
    .nullable(),
  repositorySelection: z.enum(['all', 'selected']).nullable(),
  /** Repositories the action gave the installation (`added`; all of them on `created`). */
  repositoriesAdded: z.array(EventRepositorySchema),
  /** Repositories the action took away (`removed`; all of them on `deleted`). */
  repositoriesRemoved: z.array(EventRepositorySchema),
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
  JobEventSchema,
  DeploymentEventSchema,
  ReviewEventSchema,
  CommentEventSchema,
  IssueEventSchema,
  RepositoryEventSchema,
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
export type JobEvent = z.infer<typeof JobEventSchema>;
export type DeploymentEvent = z.infer<typeof DeploymentEventSchema>;
export type ReviewEvent = z.infer<typeof ReviewEventSchema>;
export type CommentEvent = z.infer<typeof CommentEventSchema>;
export type IssueEvent = z.infer<typeof IssueEventSchema>;
export type RepositoryEvent = z.infer<typeof RepositoryEventSchema>;
export type PingEvent = z.infer<typeof PingEventSchema>;
export type InstallationEvent = z.infer<typeof InstallationEventSchema>;
export type UnknownEvent = z.infer<typeof UnknownEventSchema>;
/** The fields every event has, whatever its type. */
export type ScmEventBase = Pick<
  ScmEvent,
  | 'provider'
  | 'deliveryId'
  | 'occurredAt'
  | 'action'
  | 'repository'
  | 'sender'
  | 'installationId'
  | 'raw'
>;
