import { z } from 'zod';
import { resourceBase, TimestampSchema } from './common.js';

/** Core states; GitLab's `opened` and Bitbucket's `DECLINED`/`SUPERSEDED` map onto these. */
export const PullRequestStateSchema = z.enum(['open', 'closed', 'merged']);
export type PullRequestState = z.infer<typeof PullRequestStateSchema>;

export const PullRequestSchema = z.object({
  ...resourceBase,
  id: z.string(),
  number: z.number().int().nonnegative(),
  title: z.string(),
  body: z.string().nullable(),
  state: PullRequestStateSchema,
  draft: z.boolean(),
  author: z.string().nullable(),
  sourceBranch: z.string(),
  targetBranch: z.string(),
  headSha: z.string().nullable(),
  /** `owner/name` of the repository, so search results say where they come from. */
  repository: z.string().nullable(),
  labels: z.array(z.string()),
  webUrl: z.string(),
  createdAt: TimestampSchema.nullable(),
  updatedAt: TimestampSchema.nullable(),
  mergedAt: TimestampSchema.nullable(),
  closedAt: TimestampSchema.nullable(),
});
export type PullRequest = z.infer<typeof PullRequestSchema>;
