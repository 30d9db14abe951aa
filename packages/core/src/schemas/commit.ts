import { z } from 'zod';
import { ActorSchema, resourceBase, TimestampSchema } from './common.js';

export const CommitSchema = z.object({
  ...resourceBase,
  sha: z.string(),
  message: z.string(),
  author: ActorSchema,
  committer: ActorSchema,
  authoredAt: TimestampSchema.nullable(),
  committedAt: TimestampSchema.nullable(),
  parents: z.array(z.string()),
  webUrl: z.string().nullable(),
});
export type Commit = z.infer<typeof CommitSchema>;

export const DiffFileStatusSchema = z.enum([
  'added',
  'modified',
  'removed',
  'renamed',
  'copied',
  'changed',
]);

export const DiffFileSchema = z.object({
  path: z.string(),
  previousPath: z.string().nullable(),
  status: DiffFileStatusSchema,
  additions: z.number().int().nonnegative(),
  deletions: z.number().int().nonnegative(),
  binary: z.boolean(),
  /** Unified diff hunks for this file; null when the provider omits it (binary, too large) or the firewall blocked the file. */
  patch: z.string().nullable(),
  /** Set by the firewall: the file matched a blocked path and its content was removed. */
  blocked: z.boolean().optional(),
});
export type DiffFile = z.infer<typeof DiffFileSchema>;

export const DiffSchema = z.object({
  ...resourceBase,
  /** The head of the diff: a commit sha, or the pull request's head sha. */
  sha: z.string().nullable(),
  baseSha: z.string().nullable(),
  files: z.array(DiffFileSchema),
  /** True when the provider truncated the file list or patches. */
  truncated: z.boolean(),
});
export type Diff = z.infer<typeof DiffSchema>;
