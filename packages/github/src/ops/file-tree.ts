import {
  FILE_CONTENT_MAX_BYTES,
  fileContentError,
  fileContentPath,
  ScmError,
  type ScmProvider,
} from '@scm/core';
import type { GitHubClient } from '../github-client.js';
import { invalidCursor, pageParams } from '../github-pagination.js';
import { WireTreeSchema } from '../github-schemas.js';
import { GITHUB_PROVIDER_ID } from '../map-common.js';
import { mapFileContent, mapFileTreeEntry } from '../map-file-tree.js';

// A resolved tree sha and an offset into its (filtered) entries.
const TREE_CURSOR = /^([0-9a-f]{40}):(0|[1-9][0-9]{0,8})$/;

/** The file tree at a ref: `GET /repos/:owner/:repo/git/trees/:sha`, paged by the adapter. */
export function fileTreeOps(
  client: GitHubClient,
): Pick<ScmProvider, 'listFileTree' | 'getFileContent'> {
  return {
    ...fileContentOps(client),
    async listFileTree(repo, query) {
      return client.inRepo(repo, async () => {
        const { per_page: limit } = pageParams({ limit: query.limit });
        let treeRef: string;
        let offset = 0;
        if (query.cursor === undefined) {
          treeRef = client.refSegment(
            query.ref ?? query.branch ?? (await client.defaultBranch(repo)),
          );
        } else {
          // The cursor pins the tree it started on, so a branch moving between pages cannot
          // shift the offsets.
          const match = TREE_CURSOR.exec(query.cursor);
          if (match === null) throw invalidCursor();
          treeRef = match[1] ?? '';
          offset = Number(match[2]);
        }
        const prefix = (query.path ?? '').replace(/^\/+|\/+$/g, '');
        const recursive = query.recursive === true;
        // Without recursion and path the root tree alone is enough; otherwise the recursive tree
        // is filtered to the path. https://docs.github.com/rest/git/trees#get-a-tree
        const whole = recursive || prefix !== '';
        const { body } = await client.call(WireTreeSchema, {
          path: client.repoPath(repo, `/git/trees/${treeRef}`),
          query: whole ? { recursive: 1 } : {},
        });
        const under = prefix === '' ? '' : `${prefix}/`;
        const entries = body.tree.filter((entry) => {
          if (!entry.path.startsWith(under)) return false;
          return recursive || !entry.path.slice(under.length).includes('/');
        });
        if (
          prefix !== '' &&
          entries.length === 0 &&
          !body.tree.some((entry) => entry.path === prefix)
        )
          throw new ScmError('RESOURCE_NOT_FOUND', {
            provider: GITHUB_PROVIDER_ID,
            message: 'No such path in the tree.',
          });
        const slice = entries.slice(offset, offset + limit);
        const end = offset + slice.length;
        return {
          items: slice.map((entry) => mapFileTreeEntry(entry, client.context)),
          nextCursor: end < entries.length ? `${body.sha}:${end}` : null,
        };
      });
    },
  };
}

// The raw media type answers a file's bytes; a directory (or a submodule) is still JSON.
// https://docs.github.com/rest/repos/contents#get-repository-content
const RAW = 'application/vnd.github.raw+json';

/** One file at a ref: `GET /repos/:owner/:repo/contents/:path?ref=` in the raw media type. */
function fileContentOps(client: GitHubClient): Pick<ScmProvider, 'getFileContent'> {
  return {
    async getFileContent(repo, query) {
      const path = fileContentPath(query.path, GITHUB_PROVIDER_ID);
      const asked = { path, ref: query.ref };
      const encodedPath = path.split('/').map(encodeURIComponent).join('/');
      if (query.ref !== undefined) client.refSegment(query.ref); // checked; sent as a query value
      try {
        return await client.inRepo(repo, async () => {
          const response = await client.send<Uint8Array>({
            path: client.repoPath(repo, `/contents/${encodedPath}`),
            query: { ref: query.ref },
            headers: { accept: RAW },
            responseType: 'bytes',
            maxBytes: FILE_CONTENT_MAX_BYTES,
          });
          if (/^application\/json\b/i.test(response.headers['content-type'] ?? ''))
            throw new ScmError('INVALID_REQUEST', {
              provider: GITHUB_PROVIDER_ID,
              source: 'client',
              message: `path ${JSON.stringify(path)} is a directory (or a submodule), not a file: GET …/file-tree lists what it holds.`,
              details: { field: 'path', path },
            });
          return mapFileContent({ path, ref: query.ref, ...response }, client.context);
        });
      } catch (error) {
        if (ScmError.isInstance(error) && error.code === 'REPOSITORY_NOT_FOUND') throw error;
        throw fileContentError(error, GITHUB_PROVIDER_ID, asked);
      }
    },
  };
}
