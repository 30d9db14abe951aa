import { z } from 'zod';
import { resourceBase, TimestampSchema } from './common.js';

export const ViewerSchema = z.object({
  ...resourceBase,
  id: z.string(),
  login: z.string(),
  name: z.string().nullable(),
  email: z.string().nullable(),
  avatarUrl: z.string().nullable(),
  webUrl: z.string().nullable(),
});
export type Viewer = z.infer<typeof ViewerSchema>;

/** GitHub organizations, GitLab groups, Bitbucket workspaces. */
export const OrganizationSchema = z.object({
  ...resourceBase,
  id: z.string(),
  login: z.string(),
  name: z.string().nullable(),
  description: z.string().nullable(),
  avatarUrl: z.string().nullable(),
  webUrl: z.string().nullable(),
});
export type Organization = z.infer<typeof OrganizationSchema>;

export const SshKeySchema = z.object({
  ...resourceBase,
  id: z.string(),
  title: z.string().nullable(),
  key: z.string(),
  fingerprint: z.string().nullable(),
  createdAt: TimestampSchema.nullable(),
});
export type SshKey = z.infer<typeof SshKeySchema>;
