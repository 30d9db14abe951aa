import type { DatasetTreeEntry } from '../../dataset/queries.js';
import { fileAt, findCommit, resolveRef, treeEntries } from '../../dataset/queries.js';
import type { Route } from '../../server/simulator-server.js';
import type { RouteKit } from '../route-kit.js';
import { gitlabError, keysetPage, offsetPage } from '../wire.js';

function byPath(a: DatasetTreeEntry, b: DatasetTreeEntry): number {
  return a.path < b.path ? -1 : a.path > b.path ? 1 : 0;
}

/**
 * `GET /projects/:id/repository/tree`, offset or keyset (`page_token`) paginated; and
 * `GET /projects/:id/repository/files/:file_path/raw?ref=` (the path URL-encoded as one segment),
 * the file's bytes with its `X-Gitlab-*` metadata headers (ref optional: the default branch).
 * https://docs.gitlab.com/api/repository_files/#get-raw-file-from-repository
 */
export function fileTreeRoutes(kit: RouteKit): Route[] {
  const { render, get, withRepo, api } = kit;
  return [
    get(
      '/projects/:repo/repository/files/:file/raw',
      withRepo((request, repo) => {
        const path = request.params.file ?? '';
        const found = fileAt(repo, path, request.query.ref);
        if (found.kind === 'missing-ref') return gitlabError(404, '404 Commit Not Found');
        if (found.kind !== 'file') return gitlabError(404, '404 File Not Found');
        return {
          headers: {
            'content-type': 'text/plain; charset=utf-8',
            'x-gitlab-blob-id': found.sha,
            'x-gitlab-commit-id': found.commit.sha,
            'x-gitlab-file-path': path,
            'x-gitlab-ref': request.query.ref ?? repo.defaultBranch,
            'x-gitlab-size': String(found.size),
          },
          text: found.content,
        };
      }),
    ),
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
