import {
  FILE_CONTENT_MAX_BYTES,
  fileContentError,
  fileContentPath,
  ScmError,
  type RepoRef,
  type ScmProvider,
} from '@scm/core';
import { z } from 'zod';
import type { BitbucketClient } from '../bitbucket-client.js';
import { pageParams, pinnedCursor, splitPinned } from '../bitbucket-pagination.js';
import { WireTreeEntrySchema, wirePageSchema } from '../bitbucket-schemas.js';
import { BITBUCKET_PROVIDER_ID } from '../map-common.js';
import { isDirectoryListing, mapFileContent, mapFileTreeEntry } from '../map-file-tree.js';

/** Tree entries with the commit they were listed at (kept out of the mapped entry). */
const PinnedTreePage = wirePageSchema(
  WireTreeEntrySchema.extend({ commit: z.object({ hash: z.string() }).nullish() }),
);
const FULL_SHA = /^[0-9a-f]{40}$/;

/**
 * The ref to put in a `/src/{ref}/` path: a branch or tag name without `/` as it is (the main
 * branch when none is given, kept a minute per adapter), anything else resolved to its commit.
 */
async function directRef(
  client: BitbucketClient,
  repo: RepoRef,
  ref: string | undefined,
): Promise<string> {
  const name = ref ?? (await client.defaultBranch(repo));
  if (FULL_SHA.test(name)) return name;
  if (name !== '' && !name.includes('/') && !/^[0-9a-f]{7,39}$/.test(name)) return name;
  return client.resolveCommit(repo, name);
}
/** Deep enough for any repository layout; Bitbucket answers 555 when a listing takes too long. */
const RECURSIVE_MAX_DEPTH = 100;

/** The file tree at a ref: `GET /repositories/:repo/src/{ref}/{path}/`. */
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
        // A branch or tag name without a slash goes in the path as it is (Bitbucket resolves it;
        // a name with slashes would be ambiguous there, so it is resolved first): the entries
        // name the commit, which the cursor then pins.
        const ref = pinned?.sha ?? (await directRef(client, repo, query.ref ?? query.branch));
        let commit: string | undefined = pinned?.sha ?? (FULL_SHA.test(ref) ? ref : undefined);
        const page = await client.listPage(
          PinnedTreePage,
          {
            path: client.repoPath(
              repo,
              `/src/${encodeURIComponent(ref)}/${path === '' ? '' : `${path}/`}`,
            ),
            query: {
              ...params,
              max_depth: query.recursive === true ? RECURSIVE_MAX_DEPTH : undefined,
            },
          },
          ({ commit: at, ...entry }, context) => {
            if (commit === undefined && at?.hash !== undefined && FULL_SHA.test(at.hash))
              commit = at.hash;
            return mapFileTreeEntry(entry, context);
          },
        );
        return {
          items: page.items,
          nextCursor:
            page.nextCursor === null
              ? null
              : commit === undefined
                ? page.nextCursor
                : pinnedCursor(page.nextCursor, commit),
        };
      });
    },
  };
}

/**
 * One file at a ref: `GET /repositories/:repo/src/{commit}/{path}`, which answers a file's raw
 * bytes (and a directory's listing). The ref goes in the path as for the tree.
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
          const ref = await directRef(client, repo, query.ref);
          const response = await client.send<Uint8Array>({
            path: client.repoPath(repo, `/src/${encodeURIComponent(ref)}/${encoded}`),
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
