import { fileAt, resolveRef, treeEntries } from '../../dataset/queries.js';
import { renderTreeEntry } from '../render/file-tree.js';
import { notFound, type RouteKit, type TailHandler } from '../route-kit.js';
import { bitbucketError, pageOf } from '../wire-paging.js';

const MAX_DEPTH = 100;

/**
 * `GET /2.0/repositories/:workspace/:slug/src/{commit}/{path}` (`max_depth=`), whose path holds
 * slashes: the directory listing at a branch, tag or commit, or a file's raw content when the
 * path names a file.
 * https://developer.atlassian.com/cloud/bitbucket/rest/api-group-source/#api-repositories-workspace-repo-slug-src-commit-path-get
 */
export function fileTreeTails(kit: RouteKit): { src: TailHandler } {
  const { hosts, paging, commitOf } = kit;
  return {
    src: (request, repo, rest) => {
      const separator = rest.indexOf('/');
      const ref = separator === -1 ? rest : rest.slice(0, separator);
      const path = separator === -1 ? '' : rest.slice(separator + 1);
      const sha = resolveRef(repo, ref);
      const commit = sha === undefined ? undefined : commitOf(repo, sha);
      if (commit === undefined) return notFound(`Commit not found: ${ref}`);
      if (path !== '' && !path.endsWith('/')) {
        const file = fileAt(repo, path, commit.sha);
        if (file.kind === 'file')
          return { headers: { 'content-type': 'text/plain' }, text: file.content };
      }
      const depthParam = request.query.max_depth;
      const depth = depthParam === undefined ? 1 : Number(depthParam);
      if (!Number.isInteger(depth) || depth < 1 || depth > MAX_DEPTH)
        return bitbucketError(400, 'Invalid max_depth');
      const entries = treeEntries(commit, { path, recursive: depth > 1 });
      if (entries === undefined) return notFound(`No such file or directory: ${path}`);
      const base = path.replace(/^\/+|\/+$/g, '');
      const within = entries.filter((entry) => {
        const relative = base === '' ? entry.path : entry.path.slice(base.length + 1);
        return relative.split('/').length <= depth;
      });
      return pageOf(
        request,
        within.map((entry) => renderTreeEntry(hosts, repo, commit.sha, entry)),
        paging,
      );
    },
  };
}
