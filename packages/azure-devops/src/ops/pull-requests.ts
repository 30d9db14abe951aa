import {
  assertLimit,
  parseRepoRef,
  type Page,
  type PullRequest,
  type ScmProvider,
} from '@scm/core';
import type { AzureClient } from '../azure-client.js';
import { buildDiff, CHANGES_PAGE, MAX_DIFF_FILES } from '../azure-diff.js';
import { invalidRequest } from '../azure-errors.js';
import { skipOf, splitCursor } from '../azure-pagination.js';
import {
  WireCommitDiffsSchema,
  WireLabelSchema,
  WireProjectSchema,
  WirePullRequestSchema,
  WireThreadSchema,
  type WireChange,
  type WirePullRequest,
} from '../azure-schemas.js';
import { mapPullRequest, pullRequestWebUrl, statusFilter } from '../map-pull-requests.js';

const MAX_PROJECTS = 1000;

/**
 * Pull requests: `GET …/pullrequests` (`searchCriteria.status`, `$top`/`$skip`), the diff from
 * `GET …/diffs/commits` between the target and the source commits (from their common commit) plus
 * both versions of each file, comments as new threads, labels through the labels API. Search
 * without a repository walks the organization's projects (`_apis/git/pullrequests` per project);
 * an author is matched on the creator's UPN, which Azure cannot filter by (it wants an identity id).
 */
export function pullRequestsOps(
  client: AzureClient,
): Pick<
  ScmProvider,
  'listPullRequests' | 'getPullRequestDiff' | 'searchPullRequests' | 'createComment' | 'addLabels'
> {
  const byAuthor = (author: string | undefined) => (pr: WirePullRequest) =>
    author === undefined ||
    author === '' ||
    pr.createdBy?.uniqueName?.toLowerCase() === author.toLowerCase();

  async function projectPage(
    path: string,
    status: string,
    skip: number,
    limit: number,
  ): Promise<{ items: WirePullRequest[]; more: boolean }> {
    const { items } = await client.fetchList(WirePullRequestSchema, {
      path,
      query: {
        'searchCriteria.status': status,
        $top: limit + 1,
        $skip: skip === 0 ? undefined : skip,
      },
    });
    return { items: items.slice(0, limit), more: items.length > limit };
  }

  async function getPullRequest(repoPath: string, number: number): Promise<WirePullRequest> {
    return client.call(WirePullRequestSchema, {
      path: `${repoPath}/pullrequests/${client.numberSegment(number)}`,
    });
  }

  return {
    async listPullRequests(repo, query) {
      return client.offsetList(
        WirePullRequestSchema,
        {
          path: `${client.repo(repo).path}/pullrequests`,
          query: { 'searchCriteria.status': statusFilter(query.state) },
        },
        query,
        mapPullRequest,
      );
    },

    async searchPullRequests(query) {
      assertLimit(query.limit);
      const status = statusFilter(query.state);
      const keep = byAuthor(query.author);
      if (query.repo !== undefined && query.repo !== '') {
        const target = client.repo(parseRepoRef(encodeURIComponent(query.repo)));
        const skip = skipOf(query.cursor);
        const page = await projectPage(`${target.path}/pullrequests`, status, skip, query.limit);
        return {
          items: page.items.filter(keep).map((pr) => mapPullRequest(pr, client.context)),
          nextCursor: page.more ? String(skip + query.limit) : null,
        };
      }
      // Project after project: the cursor is `<project index>:<skip>`.
      const position = splitCursor(query.cursor, ['p']);
      const [indexText = '0', skipText] = (position?.inner ?? '0.0').split('.');
      const index = skipOf(indexText);
      const skip = skipOf(skipText);
      const { items: projects } = await client.fetchList(WireProjectSchema, {
        path: '/_apis/projects',
        query: { stateFilter: 'wellFormed', $top: MAX_PROJECTS },
      });
      projects.sort((a, b) => a.name.localeCompare(b.name, 'en'));
      const project = projects[index];
      if (project === undefined) return { items: [], nextCursor: null } satisfies Page<PullRequest>;
      const page = await projectPage(
        `/${client.projectSegment(project.id)}/_apis/git/pullrequests`,
        status,
        skip,
        query.limit,
      );
      const next = page.more
        ? `p:${index}.${skip + query.limit}`
        : index + 1 < projects.length
          ? `p:${index + 1}.0`
          : null;
      return {
        items: page.items.filter(keep).map((pr) => mapPullRequest(pr, client.context)),
        nextCursor: next,
      };
    },

    async getPullRequestDiff(repo, number) {
      const repoPath = client.repo(repo).path;
      const pr = await getPullRequest(repoPath, number);
      const head = pr.lastMergeSourceCommit?.commitId;
      const target = pr.lastMergeTargetCommit?.commitId;
      if (head === undefined || target === undefined)
        throw invalidRequest('Azure DevOps has not computed this pull request’s commits yet');
      const changes: WireChange[] = [];
      let common: string | null = null;
      let complete = false;
      while (changes.length <= MAX_DIFF_FILES) {
        const page = await client.call(WireCommitDiffsSchema, {
          path: `${repoPath}/diffs/commits`,
          query: {
            baseVersion: target,
            baseVersionType: 'commit',
            targetVersion: head,
            targetVersionType: 'commit',
            diffCommonCommit: true,
            $top: CHANGES_PAGE,
            $skip: changes.length === 0 ? undefined : changes.length,
          },
        });
        common ??= page.commonCommit ?? null;
        changes.push(...page.changes);
        if (page.changes.length < CHANGES_PAGE) {
          complete = true;
          break;
        }
      }
      const baseSha = common ?? target;
      return buildDiff(client, {
        repoPath,
        changes,
        oldCommit: baseSha,
        newCommit: head,
        sha: head,
        baseSha,
        truncated: !complete,
        wire: pr,
      });
    },

    async createComment(repo, input) {
      if (input.body.trim() === '') throw invalidRequest('A comment needs a body');
      const repoPath = client.repo(repo).path;
      const number = client.numberSegment(input.number);
      const thread = await client.call(WireThreadSchema, {
        method: 'POST',
        path: `${repoPath}/pullRequests/${number}/threads`,
        // A thread of one text comment, active: a conversation comment
        // (https://learn.microsoft.com/rest/api/azure/devops/git/pull-request-threads/create?view=azure-devops-rest-7.1).
        body: {
          comments: [{ parentCommentId: 0, content: input.body, commentType: 1 }],
          status: 1,
        },
      });
      const pr = await getPullRequest(repoPath, input.number);
      return {
        id: String(thread.id),
        webUrl: `${pullRequestWebUrl(pr, client.context)}?discussionId=${thread.id}`,
      };
    },

    async addLabels(repo, input) {
      const labels = [...new Set(input.labels.map((label) => label.trim()))];
      if (labels.length === 0 || labels.some((label) => label === '' || label.length > 400))
        throw invalidRequest('Labels are 1–400 characters');
      const path = `${client.repo(repo).path}/pullRequests/${client.numberSegment(input.number)}/labels`;
      for (const name of labels) {
        await client.call(WireLabelSchema, { method: 'POST', path, body: { name } });
      }
      const { items } = await client.fetchList(WireLabelSchema, { path });
      return {
        labels: items.filter((label) => label.active !== false).map((label) => label.name),
      };
    },
  };
}
