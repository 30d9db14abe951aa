import type { DatasetTreeEntry } from '../../dataset/queries.js';
import { findCommit, resolveRef, treeEntries } from '../../dataset/queries.js';
import type { Route } from '../../server/simulator-server.js';
import type { RouteKit } from '../route-kit.js';
import { gitlabError, keysetPage, offsetPage } from '../wire.js';

function byPath(a: DatasetTreeEntry, b: DatasetTreeEntry): number {
  return a.path < b.path ? -1 : a.path > b.path ? 1 : 0;
}

/** `GET /projects/:id/repository/tree`, offset or keyset (`page_token`) paginated. */
export function fileTreeRoutes(kit: RouteKit): Route[] {
  const { render, get, withRepo, api } = kit;
  return [
    get(
      '/projects/:repo/repository/tree',
      withRepo((request, repo) => {
        const sha = resolveRef(repo, request.query.ref ?? repo.defaultBranch);
        const commit = sha === undefined ? undefined : findCommit(repo, sha);
        if (commit === undefined) return gitlabError(404, '404 Tree Not Found');
        const entries = treeEntries(commit, {
          path: request.query.path,
          recursive: request.query.recursive === 'true',
        })?.sort(byPath);
        if (entries === undefined) return gitlabError(404, '404 Tree Not Found');
        if (request.query.pagination !== 'keyset')
          return offsetPage(request, entries.map(render.treeEntry), api());
        return keysetPage(request, entries, {
          publicUrl: api(),
          param: 'page_token',
          // GitLab's page token is opaque; here it is the last path, base64-encoded.
          keyOf: (entry) => Buffer.from(entry.path, 'utf8').toString('base64'),
          startAfter: (value) => {
            const path = Buffer.from(value, 'base64').toString('utf8');
            const index = entries.findIndex((entry) => entry.path === path);
            return index === -1 ? undefined : index + 1;
          },
          render: render.treeEntry,
        });
      }),
    ),
  ];
}
