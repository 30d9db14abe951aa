import { z } from 'zod';

/**
 * GitLab REST v4 wire shapes (https://docs.gitlab.com/api/rest/), private to the adapter. Parsed
 * at the edge; `z.object` drops fields it does not name, so a new field upstream never breaks us.
 * Fields GitLab added over the years (or omits on older self-managed versions) are optional.
 */
const optionalString = z.string().nullish();

export const WireUserSchema = z.object({
  id: z.number(),
  username: z.string(),
  name: optionalString,
  email: optionalString,
  public_email: optionalString,
  avatar_url: optionalString,
  web_url: optionalString,
});
export type WireUser = z.infer<typeof WireUserSchema>;

/** The embedded "basic" user of merge requests, notes, releases (`user/basic.json`). */
const WireUserRefSchema = z.object({ id: z.number().optional(), username: z.string() });

export const WireGroupSchema = z.object({
  id: z.number(),
  name: optionalString,
  path: z.string(),
  full_path: z.string(),
  description: optionalString,
  avatar_url: optionalString,
  web_url: optionalString,
});
export type WireGroup = z.infer<typeof WireGroupSchema>;

export const WireProjectSchema = z.object({
  id: z.number(),
  name: z.string(),
  path: z.string(),
  path_with_namespace: z.string(),
  description: optionalString,
  // Absent on projects listed with `simple=true` or to users without access to the details.
  visibility: z.enum(['public', 'private', 'internal']).optional(),
  default_branch: optionalString,
  archived: z.boolean().optional(),
  forked_from_project: z.object({ id: z.number() }).nullish(),
  web_url: z.string(),
  http_url_to_repo: optionalString,
  ssh_url_to_repo: optionalString,
  created_at: optionalString,
  updated_at: optionalString,
  last_activity_at: optionalString,
  namespace: z.object({ full_path: z.string(), kind: z.string().optional() }),
});
export type WireProject = z.infer<typeof WireProjectSchema>;

export const WireCommitSchema = z.object({
  id: z.string(),
  short_id: optionalString,
  title: optionalString,
  message: z.string(),
  author_name: optionalString,
  author_email: optionalString,
  authored_date: optionalString,
  committer_name: optionalString,
  committer_email: optionalString,
  committed_date: optionalString,
  created_at: optionalString,
  parent_ids: z.array(z.string()).nullish(),
  web_url: optionalString,
});
export type WireCommit = z.infer<typeof WireCommitSchema>;

export const WireBranchSchema = z.object({
  name: z.string(),
  commit: z.object({ id: z.string() }),
  protected: z.boolean().nullish(),
  default: z.boolean().nullish(),
  web_url: optionalString,
});
export type WireBranch = z.infer<typeof WireBranchSchema>;

export const WireTagSchema = z.object({
  name: z.string(),
  message: optionalString,
  // `target` is the tag object's sha for annotated tags; `commit.id` is what the tag points at.
  target: optionalString,
  commit: z.object({ id: z.string(), created_at: optionalString }),
  created_at: optionalString,
});
export type WireTag = z.infer<typeof WireTagSchema>;

export const WireReleaseSchema = z.object({
  tag_name: z.string(),
  name: optionalString,
  description: optionalString,
  created_at: optionalString,
  released_at: optionalString,
  upcoming_release: z.boolean().nullish(),
  author: WireUserRefSchema.nullish(),
  _links: z.object({ self: optionalString }).nullish(),
});
export type WireRelease = z.infer<typeof WireReleaseSchema>;

export const WireContributorSchema = z.object({
  name: optionalString,
  email: optionalString,
  commits: z.number().int().nonnegative(),
});
export type WireContributor = z.infer<typeof WireContributorSchema>;

export const WireDiffFileSchema = z.object({
  old_path: z.string(),
  new_path: z.string(),
  a_mode: optionalString,
  b_mode: optionalString,
  diff: z.string(),
  new_file: z.boolean(),
  renamed_file: z.boolean(),
  deleted_file: z.boolean(),
  // GitLab empties `diff` for files over its size limits and says so here.
  too_large: z.boolean().nullish(),
  collapsed: z.boolean().nullish(),
});
export type WireDiffFile = z.infer<typeof WireDiffFileSchema>;

export const WireMergeRequestSchema = z.object({
  id: z.number(),
  iid: z.number().int().nonnegative(),
  project_id: z.number().optional(),
  title: z.string(),
  description: optionalString,
  state: z.string(),
  draft: z.boolean().optional(),
  work_in_progress: z.boolean().optional(),
  author: WireUserRefSchema.nullish(),
  source_branch: z.string(),
  target_branch: z.string(),
  sha: optionalString,
  labels: z.array(z.union([z.string(), z.object({ title: z.string() })])).optional(),
  web_url: z.string(),
  references: z.object({ full: z.string() }).nullish(),
  created_at: optionalString,
  updated_at: optionalString,
  merged_at: optionalString,
  closed_at: optionalString,
  diff_refs: z
    .object({ base_sha: optionalString, head_sha: optionalString, start_sha: optionalString })
    .nullish(),
});
export type WireMergeRequest = z.infer<typeof WireMergeRequestSchema>;

export const WireCommitStatusSchema = z.object({
  id: z.number(),
  sha: z.string(),
  ref: optionalString,
  status: z.string(),
  name: z.string(),
  description: optionalString,
  target_url: optionalString,
  created_at: optionalString,
  started_at: optionalString,
  finished_at: optionalString,
});
export type WireCommitStatus = z.infer<typeof WireCommitStatusSchema>;

export const WirePipelineSchema = z.object({
  id: z.number(),
  iid: z.number().optional(),
  sha: z.string(),
  ref: optionalString,
  status: z.string(),
  // `name` comes from `workflow:name` (GitLab 16.3+); older pipelines have none.
  name: optionalString,
  source: optionalString,
  web_url: optionalString,
  created_at: optionalString,
  updated_at: optionalString,
  started_at: optionalString,
  finished_at: optionalString,
});
export type WirePipeline = z.infer<typeof WirePipelineSchema>;

export const WireDeploymentSchema = z.object({
  id: z.number(),
  iid: z.number().optional(),
  ref: optionalString,
  sha: optionalString,
  status: z.string(),
  created_at: optionalString,
  updated_at: optionalString,
  user: WireUserRefSchema.nullish(),
  environment: z.object({ name: z.string(), external_url: optionalString }),
});
export type WireDeployment = z.infer<typeof WireDeploymentSchema>;

export const WireTreeEntrySchema = z.object({
  id: z.string(),
  name: z.string(),
  type: z.enum(['tree', 'blob', 'commit']),
  path: z.string(),
  mode: z.string(),
});
export type WireTreeEntry = z.infer<typeof WireTreeEntrySchema>;

export const WireSshKeySchema = z.object({
  id: z.number(),
  title: optionalString,
  key: z.string(),
  created_at: optionalString,
  fingerprint: optionalString,
});
export type WireSshKey = z.infer<typeof WireSshKeySchema>;

export const WireHookSchema = z.object({
  id: z.number(),
  url: z.string(),
  created_at: optionalString,
  push_events: z.boolean().optional(),
  tag_push_events: z.boolean().optional(),
  merge_requests_events: z.boolean().optional(),
  note_events: z.boolean().optional(),
  pipeline_events: z.boolean().optional(),
  job_events: z.boolean().optional(),
  deployment_events: z.boolean().optional(),
  releases_events: z.boolean().optional(),
  issues_events: z.boolean().optional(),
});
export type WireHook = z.infer<typeof WireHookSchema>;

export const WireNoteSchema = z.object({ id: z.number(), noteable_iid: z.number().nullish() });

/** GitLab's error bodies: `{ "message": "404 Project Not Found" }` or an OAuth-style `{ error, error_description }`. */
export const WireErrorSchema = z.union([
  z.object({ error: z.string(), error_description: optionalString, scope: optionalString }),
  z.object({ message: z.unknown() }),
]);

// Webhook bodies (https://docs.gitlab.com/user/project/integrations/webhook_events/). Tolerant:
// recorded deliveries are not always complete, and system hooks send the same bodies.

const WireEventProjectSchema = z.object({
  id: z.number().nullish(),
  path_with_namespace: z.string(),
  web_url: optionalString,
});

const WireEventUserSchema = z.object({
  id: z.number().nullish(),
  username: optionalString,
  name: optionalString,
  email: optionalString,
  avatar_url: optionalString,
});

/** What every event body may carry: its kind, the project and who caused it. */
export const WireEventEnvelopeSchema = z.object({
  object_kind: optionalString,
  event_name: optionalString,
  project: WireEventProjectSchema.nullish(),
  user: WireEventUserSchema.nullish(),
  // Push and tag push events name the pusher in flat fields.
  user_id: z.number().nullish(),
  user_username: optionalString,
  user_name: optionalString,
  user_email: optionalString,
  user_avatar: optionalString,
  // Job hooks carry no `project`: the id and the repository's homepage name it.
  project_id: z.number().nullish(),
  repository: z.object({ homepage: optionalString }).nullish(),
});
export type WireEventEnvelope = z.infer<typeof WireEventEnvelopeSchema>;

/** `Push Hook` and `Tag Push Hook`. */
export const WirePushEventSchema = z.object({
  ref: z.string(),
  before: optionalString,
  after: optionalString,
  checkout_sha: optionalString,
  total_commits_count: z.number().int().nonnegative().nullish(),
  commits: z
    .array(
      z.object({
        id: z.string(),
        message: z.string(),
        author: z.object({ name: optionalString }).nullish(),
      }),
    )
    .nullish(),
});

/**
 * A merge request's attributes in `Merge Request Hook` (and `Note Hook`'s `merge_request`):
 * tolerant, because recorded payloads are not always complete (the number and state can be read
 * from the URL and the action when missing).
 */
export const WireMergeRequestAttributesSchema = z.object({
  iid: z.number().int().nullish(),
  title: optionalString,
  state: optionalString,
  action: optionalString,
  source_branch: optionalString,
  target_branch: optionalString,
  last_commit: z.object({ id: z.string() }).nullish(),
  merge_commit_sha: optionalString,
  url: optionalString,
  created_at: optionalString,
  updated_at: optionalString,
});
export type WireMergeRequestAttributes = z.infer<typeof WireMergeRequestAttributesSchema>;

export const WireMergeRequestEventSchema = z.object({
  object_attributes: WireMergeRequestAttributesSchema,
});

export const WireNoteEventSchema = z.object({
  object_attributes: z.object({
    id: z.number().nullish(),
    note: optionalString,
    url: optionalString,
    noteable_type: optionalString,
    action: optionalString,
    commit_id: optionalString,
    created_at: optionalString,
    updated_at: optionalString,
    // A diff note's place: `position` (merge requests), `st_diff` (older commit notes).
    position: z.object({ new_path: optionalString, new_line: z.number().nullish() }).nullish(),
    st_diff: z.object({ new_path: optionalString }).nullish(),
  }),
  merge_request: z.unknown().optional(),
  issue: z.object({ iid: z.number().int(), title: optionalString }).nullish(),
  commit: z.object({ id: z.string() }).nullish(),
});

/** `Issue Hook` (and `Confidential Issue Hook`). */
export const WireIssueEventSchema = z.object({
  object_attributes: z.object({
    iid: z.number().int(),
    title: optionalString,
    state: optionalString,
    action: optionalString,
    url: optionalString,
    created_at: optionalString,
    updated_at: optionalString,
  }),
  labels: z.array(z.object({ title: z.string() })).nullish(),
});

/** System hooks about a project: `project_create`, `_destroy`, `_rename`, `_transfer`, `_update`. */
export const WireProjectSystemEventSchema = z.object({
  event_name: z.string(),
  project_id: z.number().nullish(),
  path_with_namespace: z.string(),
  old_path_with_namespace: optionalString,
  project_visibility: optionalString,
  updated_at: optionalString,
  created_at: optionalString,
});

export const WirePipelineEventSchema = z.object({
  object_attributes: z.object({
    id: z.number(),
    iid: z.number().nullish(),
    name: optionalString,
    sha: optionalString,
    status: z.string(),
    created_at: optionalString,
    finished_at: optionalString,
  }),
});

export const WireJobEventSchema = z.object({
  build_id: z.number().nullish(),
  build_name: z.string(),
  build_stage: optionalString,
  build_status: z.string(),
  pipeline_id: z.number().nullish(),
  ref: optionalString,
  sha: optionalString,
  build_created_at: optionalString,
  build_started_at: optionalString,
  build_finished_at: optionalString,
  repository: z.object({ homepage: optionalString }).nullish(),
});

export const WireDeploymentEventSchema = z.object({
  status: z.string(),
  status_changed_at: optionalString,
  environment: optionalString,
  short_sha: optionalString,
  commit_url: optionalString,
});

export const WireReleaseEventSchema = z.object({
  tag: z.string(),
  name: optionalString,
  action: optionalString,
  created_at: optionalString,
  released_at: optionalString,
});
