import {
  assertLimit,
  type Check,
  type Page,
  type RepoRef,
  type ScmProvider,
  createMemo,
  MEMO_MAX,
  MEMO_TTL_MS,
} from '@scm/core';
import type { AzureClient } from '../azure-client.js';
import { invalidRequest } from '../azure-errors.js';
import {
  continuationOf,
  nextContinuation,
  offsetPage,
  skipOf,
  splitCursor,
} from '../azure-pagination.js';
import {
  WireBuildSchema,
  WireRefSchema,
  WireRepositorySchema,
  WireStatusSchema,
  type WireRepository,
} from '../azure-schemas.js';
import { buildSha, mapBuild, mapStatus, wireStatusContext, wireStatusState } from '../map-ci.js';

const FULL_SHA = /^[0-9a-fA-F]{40}$/;
/** The commit a checks cursor is pinned to, at its end. */
const PINNED_SHA = /~([0-9a-f]{40})$/;

/**
 * Checks and statuses. `listChecks` lists the commit's statuses (`GET …/commits/{sha}/statuses`,
 * `top`/`skip`), then the pipeline builds of that commit (`GET {project}/_apis/build/builds` for
 * the repository, `x-ms-continuationtoken`, kept when `sourceVersion` is the commit). The commit is
 * `ref` when it is a sha, else the head of `ref`, `branch` or the default branch. Deployments are
 * unsupported (`azureCapabilities`).
 */
export function ciOps(client: AzureClient): Pick<ScmProvider, 'listChecks' | 'setCommitStatus'> {
  async function headOf(repoPath: string, ref: string): Promise<string> {
    const { items } = await client.fetchList(WireRefSchema, {
      path: `${repoPath}/refs`,
      query: { filter: ref.startsWith('refs/') ? ref.slice(5) : `heads/${ref}`, peelTags: true },
    });
    const wanted = ref.startsWith('refs/') ? ref : `refs/heads/${ref}`;
    const found = items.find((item) => item.name === wanted);
    if (found === undefined)
      throw invalidRequest(`No branch ${ref.slice(0, 200)} in the repository`);
    return found.peeledObjectId ?? found.objectId;
  }

  // The repository's ids and default branch do not change from page to page: read once, then
  // kept a minute by this adapter (this credential only).
  const repositories = createMemo<WireRepository>({
    clock: client.clock,
    ttlMs: MEMO_TTL_MS,
    max: MEMO_MAX,
  });

  async function target(
    repo: RepoRef,
    query: { ref?: string | undefined; branch?: string | undefined },
    pinned: string | undefined,
  ): Promise<{ repository: WireRepository; sha: string; branch: string | undefined }> {
    const path = client.repo(repo).path;
    const repository = await repositories.get(path, () =>
      client.call(WireRepositorySchema, { path }),
    );
    if (query.ref !== undefined && query.ref !== '') {
      if (FULL_SHA.test(query.ref))
        return { repository, sha: query.ref.toLowerCase(), branch: undefined };
      return { repository, sha: pinned ?? (await headOf(path, query.ref)), branch: query.ref };
    }
    const branch =
      query.branch !== undefined && query.branch !== ''
        ? query.branch
        : repository.defaultBranch?.replace(/^refs\/heads\//, '');
    if (branch === undefined) throw invalidRequest('The repository has no default branch');
    return { repository, sha: pinned ?? (await headOf(path, branch)), branch };
  }

  return {
    async listChecks(repo, query) {
      assertLimit(query.limit);
      // A cursor ends with the commit the first page resolved (`s:<skip>~<sha>`): later pages
      // read the same commit's checks without resolving the branch again.
      const pin = query.cursor === undefined ? null : PINNED_SHA.exec(query.cursor);
      const cursor =
        pin === null || query.cursor === undefined
          ? query.cursor
          : query.cursor.slice(0, pin.index);
      const position = splitCursor(cursor, ['s', 'b']) ?? { phase: 's', inner: undefined };
      const { repository, sha, branch } = await target(repo, query, pin?.[1]);
      const repoPath = `/_apis/git/repositories/${repository.id}`;
      if (position.phase === 's') {
        const skip = skipOf(position.inner);
        const { items } = await client.fetchList(WireStatusSchema, {
          path: `/${client.projectSegment(repository.project.id)}${repoPath}/commits/${client.shaSegment(sha)}/statuses`,
          query: { top: query.limit + 1, skip: skip === 0 ? undefined : skip },
        });
        const page = offsetPage(items, { limit: query.limit, cursor: position.inner });
        return {
          items: page.items.map((status) => mapStatus(status, sha, client.context)),
          nextCursor: `${page.nextCursor === null ? 'b:' : `s:${page.nextCursor}`}~${sha}`,
        } satisfies Page<Check>;
      }
      const { items, headers } = await client.fetchList(WireBuildSchema, {
        path: `/${client.projectSegment(repository.project.id)}/_apis/build/builds`,
        query: {
          repositoryId: repository.id,
          repositoryType: 'TfsGit',
          branchName: branch === undefined ? undefined : `refs/heads/${branch}`,
          queryOrder: 'queueTimeDescending',
          $top: query.limit,
          continuationToken: continuationOf(position.inner),
        },
      });
      const next = nextContinuation(headers);
      return {
        items: items
          .filter((build) => buildSha(build)?.toLowerCase() === sha)
          .map((build) => mapBuild(build, client.context)),
        nextCursor: next === null ? null : `b:${next}~${sha}`,
      };
    },

    async setCommitStatus(repo, input) {
      if (input.context.trim() === '') throw invalidRequest('A commit status needs a context');
      const sha = client.shaSegment(input.sha);
      const status = await client.call(WireStatusSchema, {
        method: 'POST',
        path: `${client.repo(repo).path}/commits/${sha}/statuses`,
        body: {
          state: wireStatusState(input.state),
          context: wireStatusContext(input.context),
          description: input.description,
          targetUrl: input.targetUrl,
        },
      });
      return mapStatus(status, input.sha.toLowerCase(), client.context);
    },
  };
}
