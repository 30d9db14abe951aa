import { z } from 'zod';

/**
 * GitHub REST wire types and webhook payloads: only the fields the adapter reads, every object
 * tolerant of the many fields it ignores. Private to the package. Field names are GitHub's
 * (https://docs.github.com/rest, and `@octokit/openapi`'s response schemas).
 */

const nullableString = z.string().nullable();
const optionalNullableString = z.string().nullish();

export const WireErrorSchema = z.object({
  message: z.string(),
  documentation_url: z.string().optional(),
});

export const WireSimpleUserSchema = z.object({
  login: z.string(),
  id: z.number(),
  avatar_url: z.string().nullish(),
  html_url: z.string().nullish(),
  type: z.string().optional(),
});
export type WireSimpleUser = z.infer<typeof WireSimpleUserSchema>;

export const WireUserSchema = WireSimpleUserSchema.extend({
  name: optionalNullableString,
  email: optionalNullableString,
});
export type WireUser = z.infer<typeof WireUserSchema>;

export const WireOrganizationSchema = z.object({
  login: z.string(),
  id: z.number(),
  description: optionalNullableString,
  avatar_url: z.string().nullish(),
  // Org listings carry no web URL and no name; `GET /orgs/:org` does.
  name: optionalNullableString,
  html_url: z.string().nullish(),
});
export type WireOrganization = z.infer<typeof WireOrganizationSchema>;

export const WireRepositorySchema = z.object({
  id: z.number(),
  name: z.string(),
  full_name: z.string(),
  owner: WireSimpleUserSchema.nullable(),
  private: z.boolean(),
  visibility: z.string().optional(),
  html_url: z.string(),
  description: nullableString,
  fork: z.boolean(),
  default_branch: z.string().optional(),
  archived: z.boolean().optional(),
  clone_url: z.string().optional(),
  ssh_url: z.string().optional(),
  created_at: optionalNullableString,
  updated_at: optionalNullableString,
  pushed_at: optionalNullableString,
});
export type WireRepository = z.infer<typeof WireRepositorySchema>;

export const WireInstallationRepositoriesSchema = z.object({
  total_count: z.number(),
  repositories: z.array(WireRepositorySchema),
});

export const WireSearchSchema = <T extends z.ZodType>(item: T) =>
  z.object({ total_count: z.number(), incomplete_results: z.boolean(), items: z.array(item) });

export const WireBranchSchema = z.object({
  name: z.string(),
  commit: z.object({ sha: z.string() }),
  protected: z.boolean().optional(),
});
export type WireBranch = z.infer<typeof WireBranchSchema>;

const WireGitUserSchema = z
  .object({
    name: z.string().optional(),
    email: z.string().optional(),
    date: z.string().optional(),
  })
  .nullable();

export const WireCommitSchema = z.object({
  sha: z.string(),
  html_url: z.string().nullish(),
  commit: z.object({
    message: z.string(),
    author: WireGitUserSchema,
    committer: WireGitUserSchema,
  }),
  // `null` when the git identity matches no GitHub account; `{}` in a few older responses.
  author: z.union([WireSimpleUserSchema, z.object({})]).nullable(),
  committer: z.union([WireSimpleUserSchema, z.object({})]).nullable(),
  parents: z.array(z.object({ sha: z.string() })),
});
export type WireCommit = z.infer<typeof WireCommitSchema>;

export const WireDiffEntrySchema = z.object({
  filename: z.string(),
  previous_filename: z.string().optional(),
  status: z.string(),
  additions: z.number(),
  deletions: z.number(),
  changes: z.number().optional(),
  // Absent for binary files and for diffs GitHub considers too large to show.
  patch: z.string().optional(),
});
export type WireDiffEntry = z.infer<typeof WireDiffEntrySchema>;

export const WireCommitWithFilesSchema = WireCommitSchema.extend({
  files: z.array(WireDiffEntrySchema).optional(),
  stats: z.object({ total: z.number().optional() }).optional(),
});
export type WireCommitWithFiles = z.infer<typeof WireCommitWithFilesSchema>;

const WireLabelSchema = z.union([z.object({ name: z.string() }), z.string()]);

const WireBranchRefSchema = z.object({
  ref: z.string(),
  sha: z.string(),
  repo: z.object({ full_name: z.string() }).nullable().optional(),
});

export const WirePullRequestSchema = z.object({
  id: z.number(),
  number: z.number(),
  state: z.string(),
  title: z.string(),
  body: nullableString.optional(),
  draft: z.boolean().optional(),
  user: WireSimpleUserSchema.nullable(),
  labels: z.array(WireLabelSchema),
  html_url: z.string(),
  created_at: nullableString,
  updated_at: nullableString,
  closed_at: nullableString,
  merged_at: nullableString,
  head: WireBranchRefSchema,
  base: WireBranchRefSchema,
});
export type WirePullRequest = z.infer<typeof WirePullRequestSchema>;

export const WireIssueSearchItemSchema = z.object({
  id: z.number(),
  number: z.number(),
  state: z.string(),
  title: z.string(),
  body: optionalNullableString,
  draft: z.boolean().optional(),
  user: WireSimpleUserSchema.nullable(),
  labels: z.array(WireLabelSchema),
  html_url: z.string(),
  repository_url: z.string(),
  created_at: nullableString,
  updated_at: nullableString,
  closed_at: nullableString,
  pull_request: z
    .object({ merged_at: optionalNullableString, html_url: z.string().nullish() })
    .optional(),
});
export type WireIssueSearchItem = z.infer<typeof WireIssueSearchItemSchema>;

export const WireContributorSchema = z.object({
  login: z.string().optional(),
  id: z.number().optional(),
  avatar_url: z.string().optional(),
  name: z.string().optional(),
  email: z.string().optional(),
  type: z.string(),
  contributions: z.number(),
});
export type WireContributor = z.infer<typeof WireContributorSchema>;

export const WireTagSchema = z.object({
  name: z.string(),
  commit: z.object({ sha: z.string() }),
});
export type WireTag = z.infer<typeof WireTagSchema>;

export const WireReleaseSchema = z.object({
  id: z.number(),
  tag_name: z.string(),
  name: nullableString,
  body: optionalNullableString,
  draft: z.boolean(),
  prerelease: z.boolean(),
  author: WireSimpleUserSchema.nullable(),
  created_at: nullableString,
  published_at: nullableString,
  html_url: z.string().nullish(),
});
export type WireRelease = z.infer<typeof WireReleaseSchema>;

export const WireCheckRunSchema = z.object({
  id: z.number(),
  name: z.string(),
  head_sha: z.string(),
  status: z.string(),
  conclusion: nullableString,
  started_at: optionalNullableString,
  completed_at: optionalNullableString,
  details_url: optionalNullableString,
  html_url: optionalNullableString,
  output: z.object({ title: optionalNullableString, summary: optionalNullableString }).optional(),
});
export type WireCheckRun = z.infer<typeof WireCheckRunSchema>;

export const WireCheckRunsSchema = z.object({
  total_count: z.number(),
  check_runs: z.array(WireCheckRunSchema),
});

export const WireStatusSchema = z.object({
  id: z.number(),
  state: z.string(),
  context: z.string(),
  description: optionalNullableString,
  target_url: optionalNullableString,
  created_at: optionalNullableString,
  updated_at: optionalNullableString,
});
export type WireStatus = z.infer<typeof WireStatusSchema>;

export const WireCombinedStatusSchema = z.object({
  sha: z.string(),
  state: z.string(),
  total_count: z.number(),
  statuses: z.array(WireStatusSchema),
});

export const WireDeploymentSchema = z.object({
  id: z.number(),
  sha: z.string(),
  ref: z.string(),
  environment: z.string(),
  creator: WireSimpleUserSchema.nullable(),
  created_at: z.string(),
  updated_at: z.string(),
});
export type WireDeployment = z.infer<typeof WireDeploymentSchema>;

export const WireDeploymentStatusSchema = z.object({
  id: z.number(),
  state: z.string(),
  created_at: z.string().optional(),
  environment_url: z.string().nullish(),
  target_url: z.string().nullish(),
  log_url: z.string().nullish(),
});
export type WireDeploymentStatus = z.infer<typeof WireDeploymentStatusSchema>;

export const WireTreeEntrySchema = z.object({
  path: z.string(),
  mode: z.string(),
  type: z.string(),
  sha: z.string(),
  size: z.number().optional(),
});
export type WireTreeEntry = z.infer<typeof WireTreeEntrySchema>;

export const WireTreeSchema = z.object({
  sha: z.string(),
  truncated: z.boolean(),
  tree: z.array(WireTreeEntrySchema),
});

export const WireKeySchema = z.object({
  id: z.number(),
  key: z.string(),
  title: z.string().nullish(),
  created_at: optionalNullableString,
});
export type WireKey = z.infer<typeof WireKeySchema>;

export const WireHookSchema = z.object({
  id: z.number(),
  active: z.boolean(),
  events: z.array(z.string()),
  config: z.object({ url: z.string().optional() }),
  created_at: optionalNullableString,
});
export type WireHook = z.infer<typeof WireHookSchema>;

export const WireIssueCommentSchema = z.object({
  id: z.number(),
  html_url: z.string().nullish(),
});

export const WireLabelsSchema = z.array(z.object({ name: z.string() }));

/**
 * An installation of a GitHub App (`GET /app/installations`): only what the mapping reads.
 * https://docs.github.com/en/rest/apps/apps#list-installations-for-the-authenticated-app
 */
export const WireInstallationSchema = z.object({
  id: z.number(),
  account: z
    .object({
      login: z.string().optional(),
      slug: z.string().optional(),
      id: z.number(),
      type: z.string().optional(),
    })
    .nullable(),
  repository_selection: z.string(),
  target_type: z.string(),
  app_id: z.number(),
  app_slug: z.string(),
  html_url: z.string(),
  permissions: z.record(z.string(), z.string()),
  events: z.array(z.string()),
  created_at: z.string(),
  updated_at: z.string(),
  suspended_at: z.string().nullish(),
});
export type WireInstallation = z.infer<typeof WireInstallationSchema>;

// Webhook payloads: the events this adapter normalizes (map-event.ts), with only the fields the
// mapping reads. https://docs.github.com/en/webhooks/webhook-events-and-payloads

/** GitHub sends some timestamps as ISO strings and others (push, installation) as epoch seconds. */
const wireTime = z.union([z.string(), z.number()]).nullish();

export const WireEventRepositorySchema = z.object({
  id: z.number(),
  full_name: z.string(),
  html_url: optionalNullableString,
});

export const WireEventUserSchema = z.object({
  id: z.number().nullish(),
  login: z.string(),
  name: optionalNullableString,
  email: optionalNullableString,
  avatar_url: optionalNullableString,
});

export const WirePushSchema = z.object({
  ref: z.string(),
  before: optionalNullableString,
  after: optionalNullableString,
  created: z.boolean().nullish(),
  deleted: z.boolean().nullish(),
  forced: z.boolean().nullish(),
  head_commit: z.object({ timestamp: optionalNullableString }).nullish(),
  commits: z.array(
    z.object({
      id: z.string(),
      message: z.string(),
      author: z
        .object({ name: optionalNullableString, username: optionalNullableString })
        .nullish(),
    }),
  ),
});

export const WirePullRequestEventSchema = z.object({
  number: z.number(),
  pull_request: z.object({
    number: z.number(),
    title: z.string(),
    state: z.string(),
    merged: z.boolean().nullish(),
    merged_at: optionalNullableString,
    merge_commit_sha: optionalNullableString,
    html_url: optionalNullableString,
    updated_at: optionalNullableString,
    head: z.object({ ref: z.string(), sha: z.string() }),
    base: z.object({ ref: z.string() }),
  }),
});

export const WireRefEventSchema = z.object({
  ref: z.string(),
  ref_type: z.string(),
});

export const WireReleaseEventSchema = z.object({
  release: z.object({
    tag_name: z.string(),
    name: optionalNullableString,
    created_at: optionalNullableString,
    published_at: optionalNullableString,
  }),
});

export const WireCheckRunEventSchema = z.object({
  check_run: z.object({
    name: z.string(),
    head_sha: z.string(),
    status: z.string(),
    conclusion: optionalNullableString,
    started_at: optionalNullableString,
    completed_at: optionalNullableString,
  }),
});

export const WireCheckSuiteEventSchema = z.object({
  check_suite: z.object({
    head_sha: z.string(),
    status: optionalNullableString,
    conclusion: optionalNullableString,
    updated_at: optionalNullableString,
    app: z.object({ name: z.string() }).nullish(),
  }),
});

export const WireStatusEventSchema = z.object({
  sha: z.string(),
  context: z.string(),
  state: z.string(),
  updated_at: optionalNullableString,
});

const WireEventDeploymentSchema = z.object({
  sha: optionalNullableString,
  environment: optionalNullableString,
  created_at: optionalNullableString,
  updated_at: optionalNullableString,
});

export const WireDeploymentEventSchema = z.object({ deployment: WireEventDeploymentSchema });

export const WireDeploymentStatusEventSchema = z.object({
  deployment: WireEventDeploymentSchema,
  deployment_status: z.object({
    state: z.string(),
    environment: optionalNullableString,
    updated_at: optionalNullableString,
  }),
});

export const WireWorkflowRunEventSchema = z.object({
  workflow_run: z.object({
    name: optionalNullableString,
    head_sha: z.string(),
    status: optionalNullableString,
    conclusion: optionalNullableString,
    updated_at: optionalNullableString,
  }),
  workflow: z.object({ name: z.string() }).nullish(),
});

/** A repository as `installation` and `installation_repositories` list it (no html_url). */
const WireInstallationRepositorySchema = z.object({
  id: z.number(),
  full_name: z.string(),
  html_url: optionalNullableString,
});

export const WireInstallationEventSchema = z.object({
  installation: z.object({
    id: z.number(),
    updated_at: wireTime,
    account: z
      .object({
        id: z.number(),
        login: optionalNullableString,
        slug: optionalNullableString,
        type: optionalNullableString,
      })
      .nullish(),
    repository_selection: optionalNullableString,
  }),
  repository_selection: optionalNullableString,
  repositories: z.array(WireInstallationRepositorySchema).nullish(),
  repositories_added: z.array(WireInstallationRepositorySchema).nullish(),
  repositories_removed: z.array(WireInstallationRepositorySchema).nullish(),
});

/** Every delivery to a GitHub App names its installation. */
export const WireDeliveryInstallationSchema = z.object({ id: z.number() });

const WireEventPullRequestRefSchema = z.object({
  number: z.number(),
  title: optionalNullableString,
  html_url: optionalNullableString,
});

export const WirePullRequestReviewEventSchema = z.object({
  review: z.object({
    id: z.number(),
    body: optionalNullableString,
    state: z.string(),
    commit_id: optionalNullableString,
    html_url: optionalNullableString,
    submitted_at: optionalNullableString,
  }),
  pull_request: WireEventPullRequestRefSchema,
});

const WireCommentSchema = z.object({
  id: z.number(),
  body: optionalNullableString,
  html_url: optionalNullableString,
  created_at: optionalNullableString,
  updated_at: optionalNullableString,
  path: optionalNullableString,
  line: z.number().nullish(),
  original_line: z.number().nullish(),
  position: z.number().nullish(),
  commit_id: optionalNullableString,
  pull_request_review_id: z.number().nullish(),
});

export const WireReviewCommentEventSchema = z.object({
  comment: WireCommentSchema,
  pull_request: WireEventPullRequestRefSchema,
});

const WireEventIssueSchema = z.object({
  number: z.number(),
  title: z.string(),
  state: optionalNullableString,
  html_url: optionalNullableString,
  updated_at: optionalNullableString,
  labels: z.array(z.object({ name: z.string() })).nullish(),
  /** Present when the issue is a pull request. */
  pull_request: z.object({}).nullish(),
});

export const WireIssueCommentEventSchema = z.object({
  comment: WireCommentSchema,
  issue: WireEventIssueSchema,
});

export const WireCommitCommentEventSchema = z.object({ comment: WireCommentSchema });

export const WireIssuesEventSchema = z.object({ issue: WireEventIssueSchema });

export const WireRepositoryEventSchema = z.object({
  repository: z.object({
    full_name: z.string(),
    private: z.boolean().nullish(),
    visibility: optionalNullableString,
    archived: z.boolean().nullish(),
    updated_at: wireTime,
  }),
  changes: z
    .object({
      repository: z.object({ name: z.object({ from: z.string() }) }).nullish(),
      owner: z
        .object({
          from: z.object({
            user: z.object({ login: z.string() }).nullish(),
            organization: z.object({ login: z.string() }).nullish(),
          }),
        })
        .nullish(),
    })
    .nullish(),
});

export const WireWorkflowJobEventSchema = z.object({
  workflow_job: z.object({
    id: z.number(),
    run_id: z.number().nullish(),
    name: z.string(),
    workflow_name: optionalNullableString,
    head_sha: optionalNullableString,
    head_branch: optionalNullableString,
    status: z.string(),
    conclusion: optionalNullableString,
    created_at: optionalNullableString,
    started_at: optionalNullableString,
    completed_at: optionalNullableString,
    html_url: optionalNullableString,
  }),
});
