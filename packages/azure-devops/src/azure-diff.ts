import type { Diff, DiffFile } from '@scm/core';
import type { AzureClient } from './azure-client.js';
import { WireItemSchema, type WireChange } from './azure-schemas.js';
import { unifiedHunk } from './azure-unified-diff.js';
import { mapDiffFile } from './map-commits.js';
import { AZURE_PROVIDER_ID, withRaw } from './map-common.js';

/** Files beyond this are left out and the diff says `truncated`. */
export const MAX_DIFF_FILES = 300;
/** Changes read per request of the changes APIs. */
export const CHANGES_PAGE = 100;
/** Requests the adapter sends at once when it reads several items. */
export const PARALLEL_READS = 6;

/** One version of a file through the items API, or null when it has no text (binary). */
async function readItem(
  client: AzureClient,
  repoPath: string,
  path: string,
  commit: string,
): Promise<{ text: string | null }> {
  const item = await client.call(WireItemSchema, {
    path: `${repoPath}/items`,
    query: {
      path,
      'versionDescriptor.version': commit,
      'versionDescriptor.versionType': 'commit',
      includeContent: true,
      includeContentMetadata: true,
      $format: 'json',
    },
  });
  const content = item.content ?? '';
  if (item.contentMetadata?.isBinary === true || content.includes('\u0000')) return { text: null };
  return { text: content };
}

/**
 * The diff of `changes` (from a commit's changes or `diffs/commits`) between `oldCommit` and
 * `newCommit`: each file's two versions read through the items API and turned into a unified
 * diff hunk (`azure-unified-diff.ts`). Folders are skipped; binary files have no patch.
 */
export async function buildDiff(
  client: AzureClient,
  input: {
    repoPath: string;
    changes: readonly WireChange[];
    oldCommit: string | null;
    newCommit: string;
    sha: string | null;
    baseSha: string | null;
    truncated: boolean;
    wire: unknown;
  },
): Promise<Diff> {
  const blobs = input.changes.filter(
    (change) => change.item.isFolder !== true && (change.item.gitObjectType ?? 'blob') === 'blob',
  );
  const kept = blobs.slice(0, MAX_DIFF_FILES);
  const files: DiffFile[] = [];
  for (let start = 0; start < kept.length; start += PARALLEL_READS) {
    const batch = kept.slice(start, start + PARALLEL_READS);
    files.push(
      ...(await Promise.all(
        batch.map(async (change) => {
          const file = mapDiffFile(change);
          const oldPath = `/${file.previousPath ?? file.path}`;
          const [before, after] = await Promise.all([
            file.status === 'added' || input.oldCommit === null
              ? { text: '' }
              : readItem(client, input.repoPath, oldPath, input.oldCommit),
            file.status === 'removed'
              ? { text: '' }
              : readItem(client, input.repoPath, `/${file.path}`, input.newCommit),
          ]);
          return withContent(file, before.text, after.text);
        }),
      )),
    );
  }
  return withRaw(input.wire, client.context, {
    provider: AZURE_PROVIDER_ID,
    sha: input.sha,
    baseSha: input.baseSha,
    files,
    truncated: input.truncated || blobs.length > kept.length,
  });
}

function withContent(file: DiffFile, before: string | null, after: string | null): DiffFile {
  if (before === null || after === null) return { ...file, binary: true, patch: null };
  return { ...file, ...unifiedHunk(before, after) };
}
