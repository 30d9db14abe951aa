import { renderUnifiedDiff } from '../../dataset/diff.js';
import { commitsOnBranch, resolveRef } from '../../dataset/queries.js';
import type { DatasetDiffFile, DatasetRepository } from '../../dataset/types.js';
import type { Route } from '../../server/simulator-server.js';
import { renderCommit, renderDiffstat } from '../render/commits.js';
import { notFound, type RouteKit, type TailHandler } from '../route-kit.js';
import { pageOf } from '../wire-paging.js';

/** Commits reachable from a sha by first parents, newest first. */
function commitsFrom(
  repo: DatasetRepository,
  sha: string,
): DatasetRepository['commits'] | undefined {
  const bySha = new Map(repo.commits.map((commit) => [commit.sha, commit]));
  if (!bySha.has(sha)) return undefined;
  const out: DatasetRepository['commits'] = [];
  for (let current = bySha.get(sha); current !== undefined;) {
    out.push(current);
    const parent = current.parents[0];
    current = parent === undefined ? undefined : bySha.get(parent);
  }
  return out;
}

/** `GET /2.0/repositories/:workspace/:slug/commits/:revision` and `/commit/:sha`. */
export function commitsRoutes(kit: RouteKit): Route[] {
  const { dataset, hosts, paging, repoRoute, commitOf } = kit;
  return [
    repoRoute('GET', '/commits/:revision', (request, repo) => {
      const revision = request.params.revision ?? '';
      const sha = resolveRef(repo, revision);
      const branch = repo.branches.find((candidate) => candidate.sha === sha);
      const commits =
        branch !== undefined && branch.name === revision
          ? commitsOnBranch(repo, branch.name)
          : sha === undefined
            ? undefined
            : commitsFrom(repo, sha);
      if (commits === undefined) return notFound(`Revision not found: ${revision}`);
      return pageOf(
        request,
        commits.map((commit) => renderCommit(hosts, dataset, repo, commit)),
        { ...paging, opaque: true, defaultPagelen: 30 },
      );
    }),
    repoRoute('GET', '/commit/:sha', (request, repo) => {
      const sha = resolveRef(repo, request.params.sha ?? '');
      const commit = sha === undefined ? undefined : commitOf(repo, sha);
      if (commit === undefined) return notFound(`Commit not found: ${request.params.sha ?? ''}`);
      return { json: renderCommit(hosts, dataset, repo, commit) };
    }),
  ];
}

/**
 * `GET …/diff/{spec}` (the raw diff) and `…/diffstat/{spec}`, whose spec holds slashes: one
 * commit, or the pull request form `ws/slug:a%0Db` the pull request diff endpoints redirect to.
 */
export function commitsTails(kit: RouteKit): { diff: TailHandler; diffstat: TailHandler } {
  const { hosts, paging, commitOf } = kit;

  /** `{spec}` of the diff endpoints: one commit, `a..b`, or the pull request form `ws/slug:a%0Db`. */
  function resolveSpec(
    repo: DatasetRepository,
    spec: string,
    query: Readonly<Record<string, string>>,
  ): { files: DatasetDiffFile[]; newSha: string; oldSha: string | null } | undefined {
    const pullRequestId = query.from_pullrequest_id;
    if (pullRequestId !== undefined) {
      const pr = repo.pullRequests.find((candidate) => String(candidate.number) === pullRequestId);
      if (pr === undefined) return undefined;
      const [, hashes = ''] = spec.split(':');
      const [head = '', base = ''] = hashes.split(/\r|\.\./);
      if (!pr.headSha.startsWith(head) || !pr.baseSha.startsWith(base)) return undefined;
      return { files: pr.files, newSha: pr.headSha, oldSha: pr.baseSha };
    }
    if (spec.includes('..')) return undefined;
    const sha = resolveRef(repo, spec);
    const commit = sha === undefined ? undefined : commitOf(repo, sha);
    if (commit === undefined) return undefined;
    return { files: commit.files, newSha: commit.sha, oldSha: commit.parents[0] ?? null };
  }

  return {
    diff: (request, repo, rest) => {
      const resolved = resolveSpec(repo, rest, request.query);
      if (resolved === undefined) return notFound(`Revision not found: ${rest}`);
      return {
        headers: { 'content-type': 'text/plain' },
        text: renderUnifiedDiff(resolved.files),
      };
    },
    diffstat: (request, repo, rest) => {
      const resolved = resolveSpec(repo, rest, request.query);
      if (resolved === undefined) return notFound(`Revision not found: ${rest}`);
      return pageOf(
        request,
        renderDiffstat(hosts, repo, resolved.files, resolved.newSha, resolved.oldSha),
        { ...paging, maxPagelen: 500, defaultPagelen: 500 },
      );
    },
  };
}
