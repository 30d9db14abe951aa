import {
  FILE_CONTENT_MAX_BYTES,
  fileContentError,
  fileContentPath,
  ScmError,
  type ScmProvider,
} from '@scm/core';
import type { BitbucketClient } from '../bitbucket-client.js';
import { pageParams, pinnedCursor, splitPinned } from '../bitbucket-pagination.js';
import { WireTreeEntrySchema, wirePageSchema } from '../bitbucket-schemas.js';
import { BITBUCKET_PROVIDER_ID } from '../map-common.js';
import { isDirectoryListing, mapFileContent, mapFileTreeEntry } from '../map-file-tree.js';

const TreePage = wirePageSchema(WireTreeEntrySchema);
/** Deep enough for any repository layout; Bitbucket answers 555 when a listing takes too long. */
const RECURSIVE_MAX_DEPTH = 100;

/** The file tree at a ref: `GET /repositories/:repo/src/{commit}/{path}/`, the ref resolved first. */
export function fileTreeOps(
  client: BitbucketClient,
): Pick<ScmProvider, 'listFileTree' | 'getFileContent'> {
  return {
    ...fileContentOps(client),
    async listFileTree(repo, query) {
      // The cursor pins the commit the first page resolved (`<page>~<sha>`): later pages cost one
      // request and read the same tree even if the branch moves.
      const pinned = query.cursor === undefined ? undefined : splitPinned(query.cursor);
      const params = pageParams(
        pinned === undefined ? query : { limit: query.limit, cursor: pinned.token },
      );
      const path = (query.path ?? '')
        .split('/')
        .filter((segment) => segment !== '')
        .map((segment) => encodeURIComponent(segment))
        .join('/');
      return client.inRepo(repo, async () => {
        const sha = pinned?.sha ?? (await client.resolveCommit(repo, query.ref ?? query.branch));
        const page = await client.listPage(
          TreePage,
          {
            path: client.repoPath(repo, `/src/${sha}/${path === '' ? '' : `${path}/`}`),
            query: {
              ...params,
              max_depth: query.recursive === true ? RECURSIVE_MAX_DEPTH : undefined,
            },
          },
          mapFileTreeEntry,
        );
        return {
          items: page.items,
          nextCursor: page.nextCursor === null ? null : pinnedCursor(page.nextCursor, sha),
        };
      });
    },
  };
}

/**
 * One file at a ref: `GET /repositories/:repo/src/{commit}/{path}`, which answers a file's raw
 * bytes (and a directory's listing). The ref is resolved to its commit first, as for the tree.
 * https://developer.atlassian.com/cloud/bitbucket/rest/api-group-source/#api-repositories-workspace-repo-slug-src-commit-path-get
 */
function fileContentOps(client: BitbucketClient): Pick<ScmProvider, 'getFileContent'> {
  return {
    async getFileContent(repo, query) {
      const path = fileContentPath(query.path, BITBUCKET_PROVIDER_ID);
      const asked = { path, ref: query.ref };
      const encoded = path.split('/').map(encodeURIComponent).join('/');
      try {
        return await client.inRepo(repo, async () => {
          const sha = await client.resolveCommit(repo, query.ref);
          const response = await client.send<Uint8Array>({
            path: client.repoPath(repo, `/src/${sha}/${encoded}`),
            responseType: 'bytes',
            maxBytes: FILE_CONTENT_MAX_BYTES,
          });
          if (isDirectoryListing(response))
            throw new ScmError('INVALID_REQUEST', {
              provider: BITBUCKET_PROVIDER_ID,
              source: 'client',
              message: `path ${JSON.stringify(path)} is a directory, not a file: GET …/file-tree lists what it holds.`,
              details: { field: 'path', path },
            });
          return mapFileContent({ path, ref: query.ref, ...response }, client.context);
        });
      } catch (error) {
        if (ScmError.isInstance(error) && error.code === 'REPOSITORY_NOT_FOUND') throw error;
        throw fileContentError(error, BITBUCKET_PROVIDER_ID, asked);
      }
    },
  };
}
