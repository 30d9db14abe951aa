import { renderUnifiedDiff } from '../../dataset/diff.js';
import { findCommit, resolveRef } from '../../dataset/queries.js';
import type { DatasetRepository } from '../../dataset/types.js';
import type { Route } from '../../server/simulator-server.js';
import { githubError, hostsOf, pageOf, wantsDiff } from '../github-http.js';
import { renderCommit, renderCommitWithFiles } from '../render/commits.js';
import { diffText, type RouteKit } from '../route-kit.js';

/** `GET /repos/:owner/:repo/commits` (a branch's history) and `/commits/:ref` (one commit). */
export function commitsRoutes(kit: RouteKit): Route[] {
  const { dataset, state, repoRoute } = kit;
  return [
    // `sha` names a branch, tag or commit; the list walks first parents from there.
    ...repoRoute('GET', '/commits', (request, repo) => {
      const ref = request.query.sha ?? repo.defaultBranch;
      const sha = resolveRef(repo, ref);
      if (sha === undefined) return githubError(404, `No commit found for SHA: ${ref}`);
      return pageOf(
        request,
        firstParentChain(repo, sha).map((commit) =>
          renderCommit(dataset, hostsOf(request), repo, commit),
        ),
      );
    }),
    ...repoRoute('GET', '/commits/:ref', (request, repo) => {
      const sha = resolveRef(repo, request.params.ref ?? '');
      const commit = sha === undefined ? undefined : findCommit(repo, sha);
      if (commit === undefined)
        return githubError(422, `No commit found for SHA: ${request.params.ref ?? ''}`);
      if (wantsDiff(request)) return diffText(renderUnifiedDiff(commit.files));
      // Past `commitFilesPerPage` files GitHub paginates the file list with Link headers.
      // https://docs.github.com/rest/commits/commits#get-a-commit
      const perPage = request.query.per_page ?? String(state.commitFilesPerPage);
      const page = pageOf(
        { ...request, query: { ...request.query, per_page: perPage } },
        commit.files,
        { maxPerPage: state.commitFilesPerPage },
      );
      return {
        ...(page.headers === undefined ? {} : { headers: page.headers }),
        json: renderCommitWithFiles(
          dataset,
          hostsOf(request),
          repo,
          commit,
          page.json as typeof commit.files,
        ),
      };
    }),
  ];
}

function firstParentChain(repo: DatasetRepository, sha: string): DatasetRepository['commits'] {
  const bySha = new Map(repo.commits.map((commit) => [commit.sha, commit]));
  const out: DatasetRepository['commits'] = [];
  for (let current = bySha.get(sha); current !== undefined;) {
    out.push(current);
    const parent = current.parents[0];
    current = parent === undefined ? undefined : bySha.get(parent);
  }
  return out;
}
