import { z } from 'zod';

/**
 * Bitbucket Cloud 2.0 wire shapes (developer.atlassian.com/cloud/bitbucket/rest/), private to the
 * adapter. Parsed at the edge; `z.object` drops fields it does not name, so a new field upstream
 * never breaks us. Fields Bitbucket leaves out of some responses are optional.
 */
const str = z.string();
const optStr = z.string().nullish();
const Link = z.object({ href: z.string() });

export const WireAccountSchema = z.object({
  uuid: optStr.transform((value) => value ?? undefined),
  nickname: optStr.transform((value) => value ?? undefined),
  username: optStr.transform((value) => value ?? undefined),
  display_name: optStr.transform((value) => value ?? undefined),
  links: z
    .object({ avatar: Link.optional(), html: Link.optional() })
    .partial()
    .nullish()
    .transform((value) => value ?? undefined),
});
export type WireAccount = z.infer<typeof WireAccountSchema>;

export const WireWorkspaceSchema = z.object({
  uuid: str,
  slug: str,
  name: optStr,
  links: z.object({ avatar: Link.optional(), html: Link.optional() }).partial().nullish(),
});
export type WireWorkspace = z.infer<typeof WireWorkspaceSchema>;

export const WireWorkspaceAccessSchema = z.object({ workspace: WireWorkspaceSchema });

export const WireRepositorySchema = z.object({
  uuid: str,
  full_name: str,
  name: str,
  description: optStr,
  is_private: z.boolean(),
  mainbranch: z.object({ name: str }).nullish(),
  parent: z.object({ full_name: str }).nullish(),
  created_on: optStr,
  updated_on: optStr,
  links: z.object({
    html: Link,
    clone: z.array(z.object({ href: str, name: str })).optional(),
  }),
});
export type WireRepository = z.infer<typeof WireRepositorySchema>;

const WireCommitRefSchema = z.object({ hash: str });

export const WireAuthorSchema = z.object({
  raw: optStr,
  user: WireAccountSchema.nullish(),
});
export type WireAuthor = z.infer<typeof WireAuthorSchema>;

export const WireCommitSchema = z.object({
  hash: str,
  date: optStr,
  message: z.string().nullish(),
  author: WireAuthorSchema.nullish(),
  committer: WireAuthorSchema.nullish(),
  parents: z.array(WireCommitRefSchema).default([]),
  links: z.object({ html: Link.optional() }).partial().nullish(),
});
export type WireCommit = z.infer<typeof WireCommitSchema>;

export const WireBranchSchema = z.object({ name: str, target: WireCommitRefSchema });
export type WireBranch = z.infer<typeof WireBranchSchema>;

export const WireTagSchema = z.object({
  name: str,
  message: optStr,
  date: optStr,
  target: WireCommitRefSchema.extend({ date: optStr }),
});
export type WireTag = z.infer<typeof WireTagSchema>;

const WireEndpointSchema = z.object({
  branch: z.object({ name: str }),
  commit: WireCommitRefSchema.nullish(),
  repository: z.object({ full_name: str }).nullish(),
});

export const WirePullRequestSchema = z.object({
  id: z.number().int().nonnegative(),
  title: str,
  description: optStr,
  state: z.enum(['OPEN', 'MERGED', 'DECLINED', 'SUPERSEDED']),
  draft: z.boolean().nullish(),
  author: WireAccountSchema.nullish(),
  source: WireEndpointSchema,
  destination: WireEndpointSchema,
  created_on: optStr,
  updated_on: optStr,
  links: z.object({ html: Link }),
  merge_commit: z.object({ hash: z.string() }).nullish(),
});
export type WirePullRequest = z.infer<typeof WirePullRequestSchema>;

export const WireDiffstatSchema = z.object({
  status: str,
  lines_added: z.number().int().nonnegative().nullish(),
  lines_removed: z.number().int().nonnegative().nullish(),
  old: z.object({ path: str }).nullish(),
  new: z.object({ path: str }).nullish(),
});
export type WireDiffstat = z.infer<typeof WireDiffstatSchema>;

export const WireCommitStatusSchema = z.object({
  key: str,
  name: optStr,
  state: z.enum(['SUCCESSFUL', 'FAILED', 'INPROGRESS', 'STOPPED']),
  description: optStr,
  url: optStr,
  commit: WireCommitRefSchema.nullish(),
  created_on: optStr,
  updated_on: optStr,
});
export type WireCommitStatus = z.infer<typeof WireCommitStatusSchema>;

const WireNamedState = z.object({
  name: str,
  result: z.object({ name: str }).nullish(),
});

export const WirePipelineSchema = z.object({
  uuid: str,
  build_number: z.number().int().nullish(),
  state: WireNamedState,
  target: z
    .object({
      commit: WireCommitRefSchema.nullish(),
      ref_name: optStr,
      selector: z.object({ pattern: optStr }).nullish(),
    })
    .nullish(),
  created_on: optStr,
  completed_on: optStr,
  links: z.object({ html: Link.optional() }).partial().nullish(),
});
export type WirePipeline = z.infer<typeof WirePipelineSchema>;

export const WireEnvironmentSchema = z.object({ uuid: str, name: str });
export type WireEnvironment = z.infer<typeof WireEnvironmentSchema>;

export const WireDeploymentSchema = z.object({
  uuid: str,
  state: z.object({
    name: str,
    status: z.object({ name: str }).nullish(),
    deployer: WireAccountSchema.nullish(),
    url: optStr,
    start_date: optStr,
    completion_date: optStr,
  }),
  environment: z.object({ uuid: str }),
  release: z
    .object({ commit: WireCommitRefSchema.nullish(), url: optStr, created_on: optStr })
    .nullish(),
  deployable: z.object({ commit: WireCommitRefSchema.nullish(), created_on: optStr }).nullish(),
});
export type WireDeployment = z.infer<typeof WireDeploymentSchema>;

export const WireTreeEntrySchema = z.object({
  type: z.enum(['commit_file', 'commit_directory']),
  path: str,
  size: z.number().int().nonnegative().nullish(),
  // A list in real responses (`[]`, `["executable"]`), one string in the OpenAPI description.
  attributes: z
    .union([z.array(str), str])
    .nullish()
    .transform((value) =>
      value === null || value === undefined ? [] : typeof value === 'string' ? [value] : value,
    ),
});
export type WireTreeEntry = z.infer<typeof WireTreeEntrySchema>;

export const WireHookSchema = z.object({
  uuid: str,
  url: str,
  active: z.boolean(),
  events: z.array(str),
  created_at: optStr,
});
export type WireHook = z.infer<typeof WireHookSchema>;

export const WireSshKeySchema = z.object({
  uuid: str,
  key: str,
  comment: optStr,
  label: optStr,
  fingerprint: optStr,
  created_on: optStr,
});
export type WireSshKey = z.infer<typeof WireSshKeySchema>;

export const WireCommentSchema = z.object({
  id: z.number().int(),
  links: z.object({ html: Link.optional() }).partial().nullish(),
});

/** Bitbucket's body pagination (developer.atlassian.com/cloud/bitbucket/rest/intro/#pagination). */
export interface WirePage<W> {
  values: W[];
  next?: string | null | undefined;
}
export function wirePageSchema<T extends z.ZodType>(item: T) {
  return z.object({ values: z.array(item), next: z.string().nullish() });
}

/** `{"type": "error", "error": {"message": …, "detail": …}}`. */
export const WireErrorSchema = z.object({
  type: z.literal('error'),
  error: z.object({ message: z.string(), detail: z.unknown().optional() }),
});

// Webhook bodies (developer.atlassian.com/cloud/bitbucket/manage-webhooks/#event-payloads).

/** The repository every delivery names (a short repository object). */
const WireEventRepositorySchema = z.object({
  uuid: z.string().nullish(),
  full_name: z.string(),
  links: z
    .object({ html: z.object({ href: z.string() }).optional() })
    .partial()
    .nullish(),
});

/** What every delivery carries: who acted, on which repository. */
export const WireEventEnvelopeSchema = z.object({
  actor: WireAccountSchema.nullish(),
  repository: WireEventRepositorySchema.nullish(),
});

const WirePushRefSchema = z.object({
  type: z.string(),
  name: z.string(),
  target: z.object({ hash: z.string() }).nullish(),
});

/** `repo:push`: the ref changes, each with its old and new ref and the commits pushed. */
export const WirePushEventSchema = z.object({
  push: z.object({
    changes: z.array(
      z.object({
        old: WirePushRefSchema.nullish(),
        new: WirePushRefSchema.nullish(),
        created: z.boolean().nullish(),
        closed: z.boolean().nullish(),
        forced: z.boolean().nullish(),
        truncated: z.boolean().nullish(),
        commits: z
          .array(
            z.object({
              hash: z.string(),
              message: z.string().nullish(),
              author: z
                .object({ raw: z.string().nullish(), user: WireAccountSchema.nullish() })
                .nullish(),
            }),
          )
          .nullish(),
      }),
    ),
  }),
});

/** `pullrequest:*`. */
export const WirePullRequestEventSchema = z.object({ pullrequest: WirePullRequestSchema });

const WireEventLinkSchema = z.object({ href: z.string() }).nullish();

/** A comment as pull request, commit and issue comment events carry it. */
const WireEventCommentSchema = z.object({
  id: z.number(),
  content: z.object({ raw: z.string().nullish() }).nullish(),
  inline: z
    .object({ path: z.string().nullish(), to: z.number().nullish(), from: z.number().nullish() })
    .nullish(),
  created_on: optStr,
  updated_on: optStr,
  links: z.object({ html: WireEventLinkSchema }).partial().nullish(),
});

/** `pullrequest:comment_*`: the pull request and the comment. */
export const WirePullRequestCommentEventSchema = z.object({
  pullrequest: WirePullRequestSchema,
  comment: WireEventCommentSchema,
});

/** `pullrequest:approved`, `:unapproved` (`approval`), `:changes_request_*` (`changes_request`). */
export const WirePullRequestReviewEventSchema = z.object({
  pullrequest: WirePullRequestSchema,
  approval: z.object({ date: optStr }).nullish(),
  changes_request: z.object({ date: optStr }).nullish(),
});

/** `repo:commit_comment_created`. */
export const WireCommitCommentEventSchema = z.object({
  comment: WireEventCommentSchema,
  commit: z.object({ hash: z.string() }).nullish(),
});

const WireEventIssueSchema = z.object({
  id: z.number(),
  title: z.string(),
  state: optStr,
  updated_on: optStr,
  links: z.object({ html: WireEventLinkSchema }).partial().nullish(),
});

/** `issue:created`, `issue:updated`. */
export const WireIssueEventSchema = z.object({ issue: WireEventIssueSchema });

/** `issue:comment_created`. */
export const WireIssueCommentEventSchema = z.object({
  issue: WireEventIssueSchema,
  comment: WireEventCommentSchema,
});

/** `repo:updated` (`changes` old → new) and `repo:transfer` (`previous_workspace`). */
export const WireRepositoryEventSchema = z.object({
  repository: z.object({
    full_name: z.string(),
    is_private: z.boolean().nullish(),
    updated_on: optStr,
  }),
  changes: z
    .object({
      full_name: z.object({ old: z.string().nullish(), new: z.string().nullish() }).nullish(),
      name: z.object({ old: z.string().nullish(), new: z.string().nullish() }).nullish(),
      is_private: z.object({ old: z.boolean().nullish(), new: z.boolean().nullish() }).nullish(),
    })
    .nullish(),
  previous_workspace: z.object({ slug: z.string().nullish() }).nullish(),
});

/** `repo:commit_status_created`, `repo:commit_status_updated`. */
export const WireCommitStatusEventSchema = z.object({ commit_status: WireCommitStatusSchema });
