import { z } from 'zod';
import { resourceBase, TimestampSchema } from './common.js';

export const VisibilitySchema = z.enum(['public', 'private', 'internal']);

export const RepositorySchema = z.object({
  ...resourceBase,
  /** The provider's stable id (GitHub/GitLab numeric id, Bitbucket `{uuid}`), as a string. */
  id: z.string(),
  name: z.string(),
  /** `owner/name`, `group/sub/project`, `workspace/slug`. */
  fullName: z.string(),
  owner: z.string(),
  description: z.string().nullable(),
  visibility: VisibilitySchema,
  defaultBranch: z.string().nullable(),
  archived: z.boolean(),
  fork: z.boolean(),
  webUrl: z.string(),
  cloneUrl: z.string().nullable(),
  sshUrl: z.string().nullable(),
  createdAt: TimestampSchema.nullable(),
  updatedAt: TimestampSchema.nullable(),
  pushedAt: TimestampSchema.nullable(),
});
export type Repository = z.infer<typeof RepositorySchema>;

export const BranchSchema = z.object({
  ...resourceBase,
  name: z.string(),
  sha: z.string(),
  protected: z.boolean().nullable(),
  isDefault: z.boolean().nullable(),
});
export type Branch = z.infer<typeof BranchSchema>;

export const TagSchema = z.object({
  ...resourceBase,
  name: z.string(),
  sha: z.string(),
  message: z.string().nullable(),
  createdAt: TimestampSchema.nullable(),
});
export type Tag = z.infer<typeof TagSchema>;

export const ReleaseSchema = z.object({
  ...resourceBase,
  id: z.string(),
  tagName: z.string(),
  name: z.string().nullable(),
  body: z.string().nullable(),
  draft: z.boolean(),
  prerelease: z.boolean(),
  author: z.string().nullable(),
  createdAt: TimestampSchema.nullable(),
  publishedAt: TimestampSchema.nullable(),
  webUrl: z.string().nullable(),
});
export type Release = z.infer<typeof ReleaseSchema>;

export const ContributorSchema = z.object({
  ...resourceBase,
  id: z.string().nullable(),
  login: z.string().nullable(),
  name: z.string().nullable(),
  email: z.string().nullable(),
  contributions: z.number().int().nonnegative(),
  avatarUrl: z.string().nullable(),
});
export type Contributor = z.infer<typeof ContributorSchema>;

export const FileTreeEntrySchema = z.object({
  ...resourceBase,
  path: z.string(),
  name: z.string(),
  type: z.enum(['file', 'directory', 'symlink', 'submodule']),
  sha: z.string().nullable(),
  size: z.number().int().nonnegative().nullable(),
  mode: z.string().nullable(),
});
export type FileTreeEntry = z.infer<typeof FileTreeEntrySchema>;
