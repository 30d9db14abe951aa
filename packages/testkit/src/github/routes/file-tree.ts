import { findCommit, resolveRef, treeEntries } from '../../dataset/queries.js';
import type { Route } from '../../server/simulator-server.js';
import { hostsOf, notFound } from '../github-http.js';
import { treeSha } from '../render/commits.js';
import { renderTreeEntry } from '../render/file-tree.js';
import type { RouteKit } from '../route-kit.js';

/** `GET /repos/:owner/:repo/git/trees/:sha`: a tree by its sha or a ref, `recursive` or not. */
export function fileTreeRoutes(kit: RouteKit): Route[] {
  const { repoRoute } = kit;
  return repoRoute('GET', '/git/trees/:sha', (request, repo) => {
    const ref = request.params.sha ?? '';
    const commit =
      repo.commits.find((candidate) => treeSha(candidate) === ref) ??
      (() => {
        const sha = resolveRef(repo, ref);
        return sha === undefined ? undefined : findCommit(repo, sha);
      })();
    if (commit === undefined) return notFound();
    const recursive =
      request.query.recursive !== undefined &&
      request.query.recursive !== '0' &&
      request.query.recursive !== 'false';
    const entries = treeEntries(commit, { recursive }) ?? [];
    const hosts = hostsOf(request);
    return {
      json: {
        sha: treeSha(commit),
        url: `${hosts.api}/repos/${repo.fullName}/git/trees/${treeSha(commit)}`,
        tree: entries.map((entry) => renderTreeEntry(hosts, repo, entry)),
        truncated: false,
      },
    };
  });
}
