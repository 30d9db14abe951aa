import { z } from 'zod';

/**
 * The example API's wire shapes, private to the adapter. Parsed at the edge; `z.object` drops
 * fields it does not name, so a new field upstream never breaks us.
 */
const nullableString = z.string().nullable();
const timestamp = z.string().nullable();

export const WireUserSchema = z.object({
  id: z.number(),
  handle: z.string(),
  display_name: nullableString,
  email: nullableString.optional(),
  avatar_url: nullableString.optional(),
  profile_url: nullableString.optional(),
});
export type WireUser = z.infer<typeof WireUserSchema>;

export const WireMeSchema = z.object({ user: WireUserSchema });

export const WireOrganizationSchema = z.object({
  id: z.number(),
  handle: z.string(),
  display_name: nullableString,
  summary: nullableString.optional(),
  avatar_url: nullableString.optional(),
  profile_url: nullableString.optional(),
});
export type WireOrganization = z.infer<typeof WireOrganizationSchema>;

export const WireRepositorySchema = z.object({
  id: z.number(),
  slug: z.string(),
  name: z.string(),
  owner: z.object({ handle: z.string(), kind: z.string() }),
  summary: nullableString,
  access: z.enum(['public', 'private', 'internal']),
  main_branch: nullableString,
  is_archived: z.boolean(),
  is_fork: z.boolean(),
  web_url: z.string(),
  clone_url: nullableString.optional(),
  ssh_url: nullableString.optional(),
  created_at: timestamp,
  updated_at: timestamp,
  last_push_at: timestamp.optional(),
});
export type WireRepository = z.infer<typeof WireRepositorySchema>;

export const WireBranchSchema = z.object({
  name: z.string(),
  head: z.object({ sha: z.string() }),
  is_protected: z.boolean().nullable().optional(),
  is_default: z.boolean().nullable().optional(),
});
export type WireBranch = z.infer<typeof WireBranchSchema>;

const WirePersonSchema = z.object({
  handle: nullableString,
  name: nullableString,
  email: nullableString,
  date: timestamp,
});
export type WirePerson = z.infer<typeof WirePersonSchema>;

export const WireCommitSchema = z.object({
  sha: z.string(),
  message: z.string(),
  author: WirePersonSchema,
  committer: WirePersonSchema,
  parent_shas: z.array(z.string()),
  web_url: nullableString.optional(),
});
export type WireCommit = z.infer<typeof WireCommitSchema>;

export const WireDiffSchema = z.object({
  head_sha: nullableString,
  base_sha: nullableString,
  truncated: z.boolean(),
  files: z.array(
    z.object({
      path: z.string(),
      old_path: nullableString,
      change: z.enum(['add', 'modify', 'delete', 'rename', 'copy']),
      added_lines: z.number().int().nonnegative(),
      removed_lines: z.number().int().nonnegative(),
      is_binary: z.boolean(),
      hunks: nullableString,
    }),
  ),
});
export type WireDiff = z.infer<typeof WireDiffSchema>;

export const WireChangeSchema = z.object({
  id: z.number(),
  number: z.number().int().nonnegative(),
  title: z.string(),
  description: nullableString,
  status: z.enum(['open', 'draft', 'merged', 'closed']),
  author: z.object({ handle: z.string() }).nullable(),
  source: z.object({ branch: z.string(), sha: nullableString }),
  target: z.object({ branch: z.string() }),
  labels: z.array(z.object({ name: z.string() })),
  repo: z.object({ id: z.number(), slug: z.string() }).nullable().optional(),
  web_url: z.string(),
  created_at: timestamp,
  updated_at: timestamp,
  merged_at: timestamp,
  closed_at: timestamp,
});
export type WireChange = z.infer<typeof WireChangeSchema>;

export const WireContributorSchema = z.object({
  id: z.number().nullable(),
  handle: nullableString,
  display_name: nullableString,
  email: nullableString.optional(),
  commit_count: z.number().int().nonnegative(),
  avatar_url: nullableString.optional(),
});
export type WireContributor = z.infer<typeof WireContributorSchema>;

export const WireTagSchema = z.object({
  name: z.string(),
  target_sha: z.string(),
  annotation: nullableString,
  created_at: timestamp,
});
export type WireTag = z.infer<typeof WireTagSchema>;

export const WireReleaseSchema = z.object({
  id: z.number(),
  tag: z.string(),
  title: nullableString,
  notes: nullableString,
  is_draft: z.boolean(),
  is_prerelease: z.boolean(),
  author: z.object({ handle: z.string() }).nullable(),
  created_at: timestamp,
  published_at: timestamp,
  web_url: nullableString.optional(),
});
export type WireRelease = z.infer<typeof WireReleaseSchema>;

export const WireCheckSchema = z.object({
  id: z.number(),
  type: z.enum(['run', 'status']),
  name: z.string(),
  commit_sha: z.string(),
  phase: z.enum(['queued', 'running', 'done']),
  outcome: z.enum(['pass', 'fail', 'neutral', 'cancelled', 'skipped', 'timeout']).nullable(),
  summary: nullableString,
  details_url: nullableString.optional(),
  started_at: timestamp,
  finished_at: timestamp,
});
export type WireCheck = z.infer<typeof WireCheckSchema>;

export const WireDeploymentSchema = z.object({
  id: z.number(),
  environment: z.string(),
  ref: nullableString,
  sha: nullableString,
  state: z.string(),
  creator: z.object({ handle: z.string() }).nullable(),
  created_at: timestamp,
  updated_at: timestamp,
  web_url: nullableString.optional(),
});
export type WireDeployment = z.infer<typeof WireDeploymentSchema>;

export const WireTreeEntrySchema = z.object({
  path: z.string(),
  kind: z.enum(['blob', 'tree', 'link', 'module']),
  object_sha: nullableString,
  size: z.number().int().nonnegative().nullable(),
  mode: nullableString,
});
export type WireTreeEntry = z.infer<typeof WireTreeEntrySchema>;

export const WireHookSchema = z.object({
  id: z.string(),
  url: z.string(),
  events: z.array(z.string()),
  active: z.boolean(),
  created_at: timestamp,
});
export type WireHook = z.infer<typeof WireHookSchema>;

export const WireCommentSchema = z.object({ id: z.number(), web_url: nullableString });

/** Every list endpoint: one page of items and the token for the next. */
export interface WirePage<W> {
  items: W[];
  next_page_token: string | null;
}
export function wirePageSchema<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), next_page_token: z.string().nullable() });
}

export const WireErrorSchema = z.object({
  error: z.object({ type: z.string(), message: z.string().optional() }),
});

// Webhook deliveries: an envelope every event shares, and the bodies of the events the adapter
// reads (see map-event.ts).
export const WireEventEnvelopeSchema = z.object({
  occurred_at: timestamp.optional(),
  repo: z
    .object({ id: z.number(), slug: z.string(), web_url: nullableString.optional() })
    .nullable()
    .optional(),
  sender: z
    .object({ handle: z.string(), display_name: nullableString.optional() })
    .nullable()
    .optional(),
});
export type WireEventEnvelope = z.infer<typeof WireEventEnvelopeSchema>;

export const WirePushEventSchema = WireEventEnvelopeSchema.extend({
  ref: z.string(),
  before: nullableString,
  after: nullableString,
  commits: z.array(
    z.object({
      sha: z.string(),
      message: z.string(),
      author: z.object({ handle: nullableString, name: nullableString }).nullable(),
    }),
  ),
});

export const WireChangeEventSchema = WireEventEnvelopeSchema.extend({
  action: z.string(),
  change: WireChangeSchema,
});
