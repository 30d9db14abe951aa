import { z } from 'zod';
import { resourceBase } from './common.js';

/** The largest file `getFileContent` returns: 1 MiB (larger files are refused, their size named). */
export const FILE_CONTENT_MAX_BYTES = 1024 * 1024;

/**
 * One file's content at a ref. Text (valid UTF-8 without NUL bytes) is the string itself with
 * `encoding: 'utf-8'`; anything else is base64 with `encoding: 'base64'`. `size` is in bytes.
 */
export const FileContentSchema = z.object({
  ...resourceBase,
  /** The path as asked, from the repository root, without a leading slash. */
  path: z.string(),
  /** The ref as asked (branch, tag or sha); null when the default branch was read. */
  ref: z.string().nullable(),
  /** The blob's (object's) id, when the provider names it in its answer. */
  sha: z.string().nullable(),
  size: z.number().int().nonnegative(),
  encoding: z.enum(['utf-8', 'base64']),
  content: z.string(),
});
export type FileContent = z.infer<typeof FileContentSchema>;
