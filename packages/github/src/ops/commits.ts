import { ScmError, splitUnifiedDiff, type Diff, type ScmProvider } from '@scm/core';
import type { GitHubClient } from '../github-client.js';
import { nextPage, pageParams } from '../github-pagination.js';
import { WireCommitSchema, WireCommitWithFilesSchema } from '../github-schemas.js';
import { mapCommit, mapDiffEntry } from '../map-commits.js';
import { GITHUB_PROVIDER_ID, withRaw } from '../map-common.js';

/**
 * Every file of a commit or pull request, with the diff media type filling what the JSON left
 * out: the patches GitHub omitted and the files past the list's cap.
 */
export async function completeDiff(
  client: GitHubClient,
  files: Diff['files'],
  truncatedList: boolean,
  diffPath: string,
): Promise<{ files: Diff['files']; truncated: boolean }> {
  const missingPatch = files.some(
    (file) => file.patch === null && !file.binary && file.additions + file.deletions > 0,
  );
  if (!truncatedList && !missingPatch) return { files, truncated: false };
  try {
    // https://docs.github.com/rest/using-the-rest-api/media-types#commits-commit-comparison-and-pull-requests
    const response = await client.send<string>({
      path: diffPath,
      headers: { accept: 'application/vnd.github.diff' },
      responseType: 'text',
    });
    const split = splitUnifiedDiff(response.body);
    const byPath = new Map(files.map((file) => [file.path, file]));
    return {
      // The JSON's counts and binary flags win where it has the file; the diff fills patches
      // and the files past the list's cap.
      files: split.map((file) => {
        const listed = byPath.get(file.path);
        return listed === undefined ? file : { ...listed, patch: listed.patch ?? file.patch };
      }),
      truncated: false,
    };
  } catch (error) {
    // GitHub refuses diffs past its size limits (406/422): keep what the JSON gave.
    if (ScmError.isInstance(error) && error.code === 'INVALID_REQUEST')
      return { files, truncated: true };
    throw error;
  }
}

/** A branch's history and a commit's diff: `/repos/:owner/:repo/commits[/:sha]`. */
export function commitsOps(
  client: GitHubClient,
): Pick<ScmProvider, 'listCommits' | 'getCommitDiff'> {
  return {
    async listCommits(repo, query) {
      return client.inRepo(repo, () =>
        client.listPage(
          WireCommitSchema,
          {
            path: client.repoPath(repo, '/commits'),
            query: { ...pageParams(query), sha: query.branch },
          },
          mapCommit,
        ),
      );
    },

    async getCommitDiff(repo, sha) {
      return client.inRepo(repo, async () => {
        const path = client.repoPath(repo, `/commits/${client.shaSegment(sha)}`);
        const { body, headers } = await client.call(WireCommitWithFilesSchema, { path });
        // Past 300 files GitHub pages the file list (up to 3000): the diff media type has them all.
        // https://docs.github.com/rest/commits/commits#get-a-commit
        const files = (body.files ?? []).map(mapDiffEntry);
        const complete = await completeDiff(client, files, nextPage(headers) !== null, path);
        return withRaw(body, client.context, {
          provider: GITHUB_PROVIDER_ID,
          sha: body.sha,
          baseSha: body.parents[0]?.sha ?? null,
          files: complete.files,
          truncated: complete.truncated,
        });
      });
    },
  };
}
