import { z } from 'zod';

/**
 * Azure DevOps REST 7.1 wire shapes (the official descriptions are in the repository's
 * `fixtures/azure-devops/`), private to the adapter. Parsed at the edge; `z.object` drops fields
 * it does not name, so a new field upstream never breaks us. Fields the descriptions mark optional,
 * or that older Server versions omit, are optional here.
 */
const optionalString = z.string().nullish();

function buildListSchema<S extends z.ZodType>(item: S) {
  return z.object({ count: z.number().optional(), value: z.array(item) });
}
const listSchemas = new WeakMap<z.ZodType, ReturnType<typeof buildListSchema>>();

/** Every Azure collection answer: `{ count, value }` (built once per item schema, issue #21). */
export function wireListSchema<S extends z.ZodType>(
  item: S,
): ReturnType<typeof buildListSchema<S>> {
  let schema = listSchemas.get(item);
  if (schema === undefined) {
    schema = buildListSchema(item);
    listSchemas.set(item, schema);
  }
  return schema as ReturnType<typeof buildListSchema<S>>;
}

/** `IdentityRef`. */
export const WireIdentitySchema = z.object({
  id: optionalString,
  displayName: optionalString,
  uniqueName: optionalString,
  imageUrl: optionalString,
});
export type WireIdentity = z.infer<typeof WireIdentitySchema>;

/** `TeamProjectReference` (core). */
export const WireProjectSchema = z.object({
  id: z.string(),
  name: z.string(),
  description: optionalString,
  url: optionalString,
  state: optionalString,
  visibility: optionalString,
  lastUpdateTime: optionalString,
});
export type WireProject = z.infer<typeof WireProjectSchema>;

/** `GitRepository`. */
export const WireRepositorySchema = z.object({
  id: z.string(),
  name: z.string(),
  project: z.object({
    id: z.string(),
    name: z.string(),
    description: optionalString,
    visibility: optionalString,
    lastUpdateTime: optionalString,
  }),
  defaultBranch: optionalString,
  remoteUrl: optionalString,
  sshUrl: optionalString,
  webUrl: optionalString,
  isDisabled: z.boolean().nullish(),
  isFork: z.boolean().nullish(),
  parentRepository: z.object({ id: z.string() }).nullish(),
});
export type WireRepository = z.infer<typeof WireRepositorySchema>;

/** `GitRef`. */
export const WireRefSchema = z.object({
  name: z.string(),
  objectId: z.string(),
  /** The commit an annotated tag points at; absent on branches and lightweight tags. */
  peeledObjectId: optionalString,
  isLocked: z.boolean().nullish(),
  creator: WireIdentitySchema.nullish(),
});
export type WireRef = z.infer<typeof WireRefSchema>;

/** `GitAnnotatedTag`. */
export const WireAnnotatedTagSchema = z.object({
  name: z.string(),
  objectId: z.string(),
  message: optionalString,
  taggedBy: z.object({ date: optionalString }).nullish(),
  taggedObject: z.object({ objectId: z.string() }).nullish(),
});
export type WireAnnotatedTag = z.infer<typeof WireAnnotatedTagSchema>;

/** `GitUserDate`. */
const WireGitUserSchema = z.object({
  name: z.string().optional(),
  email: z.string().optional(),
  date: optionalString,
});

/** `GitCommitRef`. */
export const WireCommitSchema = z.object({
  commitId: z.string(),
  author: WireGitUserSchema.optional(),
  committer: WireGitUserSchema.optional(),
  comment: z.string().optional(),
  commentTruncated: z.boolean().nullish(),
  parents: z.array(z.string()).nullish(),
  remoteUrl: optionalString,
});
export type WireCommit = z.infer<typeof WireCommitSchema>;

/** `GitChange` of `commits/{id}/changes` and `diffs/commits`. */
export const WireChangeSchema = z.object({
  item: z.object({
    path: z.string(),
    gitObjectType: optionalString,
    objectId: optionalString,
    originalObjectId: optionalString,
    isFolder: z.boolean().nullish(),
  }),
  changeType: z.string(),
  sourceServerItem: optionalString,
  originalPath: optionalString,
});
export type WireChange = z.infer<typeof WireChangeSchema>;

/** `GitCommitChanges`. */
export const WireCommitChangesSchema = z.object({
  changes: z.array(WireChangeSchema),
  changeCounts: z.record(z.string(), z.number()).nullish(),
});

/** `GitCommitDiffs` (`diffs/commits`). */
export const WireCommitDiffsSchema = z.object({
  commonCommit: optionalString,
  baseCommit: optionalString,
  targetCommit: optionalString,
  allChangesIncluded: z.boolean().nullish(),
  changes: z.array(WireChangeSchema),
});

/** `GitItem` of the items API. */
export const WireItemSchema = z.object({
  objectId: optionalString,
  gitObjectType: optionalString,
  commitId: optionalString,
  path: z.string(),
  isFolder: z.boolean().nullish(),
  isSymLink: z.boolean().nullish(),
  content: z.string().nullish(),
  contentMetadata: z
    .object({ isBinary: z.boolean().nullish(), fileName: optionalString })
    .nullish(),
});
export type WireItem = z.infer<typeof WireItemSchema>;

/** `WebApiTagDefinition`: a pull request label. */
export const WireLabelSchema = z.object({
  id: optionalString,
  name: z.string(),
  active: z.boolean().nullish(),
});

/** `GitPullRequest`. */
export const WirePullRequestSchema = z.object({
  pullRequestId: z.number().int(),
  status: z.string(),
  title: z.string(),
  description: optionalString,
  createdBy: WireIdentitySchema.nullish(),
  creationDate: optionalString,
  closedDate: optionalString,
  sourceRefName: z.string(),
  targetRefName: z.string(),
  mergeStatus: optionalString,
  isDraft: z.boolean().nullish(),
  lastMergeSourceCommit: z.object({ commitId: z.string() }).nullish(),
  lastMergeTargetCommit: z.object({ commitId: z.string() }).nullish(),
  lastMergeCommit: z.object({ commitId: z.string() }).nullish(),
  labels: z.array(WireLabelSchema).nullish(),
  repository: z
    .object({
      id: z.string(),
      name: z.string(),
      project: z.object({ id: optionalString, name: z.string() }).nullish(),
      webUrl: optionalString,
    })
    .nullish(),
  url: optionalString,
});
export type WirePullRequest = z.infer<typeof WirePullRequestSchema>;

/** `GitStatus` (commit statuses) and `GitPullRequestStatus`. */
export const WireStatusSchema = z.object({
  id: z.number().int().nullish(),
  state: z.string(),
  description: optionalString,
  context: z.object({ name: z.string(), genre: optionalString }),
  creationDate: optionalString,
  updatedDate: optionalString,
  targetUrl: optionalString,
  createdBy: WireIdentitySchema.nullish(),
});
export type WireStatus = z.infer<typeof WireStatusSchema>;

/** `Build` of the build API (`_apis/build/builds`). */
export const WireBuildSchema = z.object({
  id: z.number().int(),
  buildNumber: optionalString,
  status: optionalString,
  result: optionalString,
  sourceBranch: optionalString,
  sourceVersion: optionalString,
  sourceGetVersion: optionalString,
  queueTime: optionalString,
  startTime: optionalString,
  finishTime: optionalString,
  definition: z.object({ id: z.number().optional(), name: optionalString }).nullish(),
  _links: z.object({ web: z.object({ href: z.string() }).nullish() }).nullish(),
});
export type WireBuild = z.infer<typeof WireBuildSchema>;

/** `Profile` (`_apis/profile/profiles/me`). */
export const WireProfileSchema = z.object({
  id: z.string(),
  displayName: optionalString,
  publicAlias: optionalString,
  emailAddress: optionalString,
});
export type WireProfile = z.infer<typeof WireProfileSchema>;

/** A string property of an `Identity` (`{ "$type": "System.String", "$value": "…" }`). */
const WireIdentityPropertySchema = z.object({ $value: z.unknown() }).nullish();

/**
 * `_apis/connectionData` of a collection (the location service): its `authenticatedUser` is the
 * caller, on Server where there is no profile service.
 */
export const WireConnectionDataSchema = z.object({
  authenticatedUser: z.object({
    id: z.string(),
    providerDisplayName: optionalString,
    customDisplayName: optionalString,
    properties: z
      .object({ Account: WireIdentityPropertySchema, Mail: WireIdentityPropertySchema })
      .nullish(),
  }),
});
export type WireConnectionData = z.infer<typeof WireConnectionDataSchema>;

/** `Subscription` of the service hooks API. */
export const WireSubscriptionSchema = z.object({
  id: z.string(),
  eventType: z.string(),
  status: optionalString,
  createdDate: optionalString,
  consumerInputs: z.record(z.string(), z.string()).nullish(),
  publisherInputs: z.record(z.string(), z.string()).nullish(),
});
export type WireSubscription = z.infer<typeof WireSubscriptionSchema>;

/** `GitPullRequestCommentThread`, as created. */
export const WireThreadSchema = z.object({
  id: z.number().int(),
  comments: z.array(z.object({ id: z.number().int() })).nullish(),
});

/** Azure's error body: a serialized exception. */
export const WireErrorSchema = z.object({
  message: z.string().optional(),
  typeKey: z.string().optional(),
  typeName: z.string().optional(),
});

/** The envelope of every service hook delivery. */
export const WireHookEnvelopeSchema = z.object({
  id: z.string(),
  eventType: z.string(),
  publisherId: optionalString,
  subscriptionId: optionalString,
  notificationId: z.number().int().nullish(),
  createdDate: optionalString,
  resource: z.unknown().optional(),
});
export type WireHookEnvelope = z.infer<typeof WireHookEnvelopeSchema>;

/** The repository of a service hook resource. */
const WireEventRepositorySchema = z.object({
  id: z.string(),
  name: z.string(),
  remoteUrl: optionalString,
  webUrl: optionalString,
  project: z.object({ id: optionalString, name: z.string() }).nullish(),
});

/** `resource` of `git.push`. */
export const WirePushResourceSchema = z.object({
  commits: z.array(WireCommitSchema).nullish(),
  refUpdates: z.array(
    z.object({ name: z.string(), oldObjectId: optionalString, newObjectId: optionalString }),
  ),
  repository: WireEventRepositorySchema,
  pushedBy: WireIdentitySchema.nullish(),
  pushId: z.number().nullish(),
  date: optionalString,
});

/** `resource` of `git.pullrequest.*`. */
export const WirePullRequestResourceSchema = WirePullRequestSchema.extend({
  repository: WireEventRepositorySchema.nullish(),
});
export type WirePullRequestResource = z.infer<typeof WirePullRequestResourceSchema>;

/** `resource` of `ms.vss-code.git-pullrequest-comment-event`. */
export const WireCommentResourceSchema = z.object({
  comment: z.object({
    id: z.number().int(),
    content: z.string().nullish(),
    author: WireIdentitySchema.nullish(),
    publishedDate: optionalString,
    lastUpdatedDate: optionalString,
    _links: z.object({ self: z.object({ href: z.string() }).nullish() }).nullish(),
  }),
  pullRequest: WirePullRequestResourceSchema,
});

/** `resource` of `build.complete`. */
export const WireBuildResourceSchema = z.object({
  id: z.number().int(),
  buildNumber: optionalString,
  status: optionalString,
  result: optionalString,
  startTime: optionalString,
  finishTime: optionalString,
  sourceGetVersion: optionalString,
  sourceBranch: optionalString,
  sourceVersion: optionalString,
  url: optionalString,
  definition: z.object({ id: z.number().optional(), name: optionalString }).nullish(),
  lastChangedBy: WireIdentitySchema.nullish(),
  requests: z.array(z.object({ requestedFor: WireIdentitySchema.nullish() })).nullish(),
  repository: z.object({ id: z.string(), name: optionalString }).nullish(),
});

/** A pipeline run, stage or job of the `ms.vss-pipelines.*` events. */
const WireRunPartSchema = z.object({
  id: z.union([z.string(), z.number()]),
  name: optionalString,
  state: optionalString,
  result: optionalString,
  createdDate: optionalString,
  finishedDate: optionalString,
  startTime: optionalString,
  finishTime: optionalString,
  _links: z.object({ web: z.object({ href: z.string() }).nullish() }).nullish(),
});

/** `resource` of `ms.vss-pipelines.run-state-changed-event`, `…stage-…` and `…job-…`. */
export const WirePipelineResourceSchema = z.object({
  run: WireRunPartSchema.extend({
    pipeline: z.object({ id: z.number(), name: optionalString }).nullish(),
    resources: z
      .object({
        repositories: z
          .record(
            z.string(),
            z.object({
              refName: optionalString,
              version: optionalString,
              repository: z.object({ id: optionalString, type: optionalString }).nullish(),
            }),
          )
          .nullish(),
      })
      .nullish(),
  }),
  stage: WireRunPartSchema.extend({ displayName: optionalString }).nullish(),
  job: WireRunPartSchema.nullish(),
  pipeline: z.object({ id: z.number(), name: optionalString }).nullish(),
});
export type WirePipelineResource = z.infer<typeof WirePipelineResourceSchema>;
