import { findCommit, resolveRef, treeEntries } from '../../../dataset/queries.js';
import type { Route } from '../../../server/simulator-server.js';
import { renderTreeEntry } from '../render/file-tree.js';
import type { RouteKit } from '../route-kit.js';
import { pageOf, wireError } from '../wire-paging.js';

/** `GET /repos/:repo/tree` (`ref=`, `path=`, `recursive=true`). */
export function fileTreeRoutes(kit: RouteKit): Route[] {
  const { get, withRepo } = kit;
  return [
    get(
      '/repos/:repo/tree',
      withRepo((request, repo) => {
        const sha = resolveRef(repo, request.query.ref ?? repo.defaultBranch);
        const commit = sha === undefined ? undefined : findCommit(repo, sha);
        if (commit === undefined) return wireError(404, 'not_found', 'No such ref');
        const entries = treeEntries(commit, {
          path: request.query.path,
          recursive: request.query.recursive === 'true',
        });
        if (entries === undefined) return wireError(404, 'not_found', 'No such path');
        return pageOf(request, entries.map(renderTreeEntry));
      }),
    ),
  ];
}
