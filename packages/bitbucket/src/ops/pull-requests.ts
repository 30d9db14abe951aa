import {
  parseRepoRef,
  type Page,
  type PageQuery,
  type PullRequest,
  type PullRequestStateFilter,
  type ScmProvider,
} from '@scm/core';
import {
  bbqlString,
  isFullSha,
  isWorkspaceSlug,
  type BitbucketClient,
} from '../bitbucket-client.js';
import { invalidRequest } from '../bitbucket-errors.js';
import {
  CURSOR_SEPARATOR,
  checkPageToken,
  invalidCursor,
  pageParams,
  splitCursor,
} from '../bitbucket-pagination.js';
import {
  WireCommentSchema,
  WirePullRequestSchema,
  WireRepositorySchema,
  wirePageSchema,
} from '../bitbucket-schemas.js';
import { mapDiff } from '../map-commits.js';
import { mapPullRequest } from '../map-pull-requests.js';

const PullRequestPage = wirePageSchema(WirePullRequestSchema);
const RepositoryPage = wirePageSchema(WireRepositorySchema);
/** Pull request listings accept at most 50 per page. */
const PULL_REQUEST_PAGELEN = 50;

const PULL_REQUEST_STATES: Record<PullRequestStateFilter, string[]> = {
  open: ['OPEN'],
  merged: ['MERGED'],
  closed: ['DECLINED', 'SUPERSEDED'],
  all: ['OPEN', 'MERGED', 'DECLINED', 'SUPERSEDED'],
};

/**
 * Pull requests: a repository's list, the diff (through the redirects Bitbucket answers with),
 * the search by author (per workspace) or repository, and comments. `addLabels` is unsupported:
 * Bitbucket pull requests have no labels.
 */
export function pullRequestsOps(
  client: BitbucketClient,
): Pick<
  ScmProvider,
  'listPullRequests' | 'getPullRequestDiff' | 'searchPullRequests' | 'createComment'
> {
  async function pullRequestsPage(
    path: string,
    query: PageQuery,
    states: readonly string[],
    q: string | undefined,
  ): Promise<Page<PullRequest>> {
    // `state` is repeated for several states (developer.atlassian.com/cloud/bitbucket/rest/api-group-pullrequests/).
    const stateQuery = states.map((state) => `state=${state}`).join('&');
    return client.listPage(
      PullRequestPage,
      {
        path: `${path}?${stateQuery}`,
        query: { ...pageParams(query, PULL_REQUEST_PAGELEN), q },
      },
      mapPullRequest,
    );
  }

  /** The workspaces holding repositories the user is a member of, sorted. */
  async function memberWorkspaces(): Promise<string[]> {
    const repositories = await client.walk(RepositoryPage, '/repositories', { role: 'member' });
    return [
      ...new Set(repositories.map((repo) => repo.full_name.slice(0, repo.full_name.indexOf('/')))),
    ].sort();
  }

  return {
    async listPullRequests(repo, query) {
      return client.inRepo(repo, () =>
        pullRequestsPage(
          client.repoPath(repo, '/pullrequests'),
          query,
          PULL_REQUEST_STATES[query.state ?? 'open'],
          undefined,
        ),
      );
    },

    async getPullRequestDiff(repo, number) {
      const id = client.numberSegment(number);
      return client.inRepo(repo, async () => {
        const pr = await client.call(WirePullRequestSchema, {
          path: client.repoPath(repo, `/pullrequests/${id}`),
        });
        const full = async (hash: string | undefined): Promise<string | null> =>
          hash === undefined ? null : isFullSha(hash) ? hash : client.resolveCommit(repo, hash);
        const [head, baseSha, diffstat, diff] = await Promise.all([
          full(pr.source.commit?.hash),
          full(pr.destination.commit?.hash),
          client
            .followRedirect({ path: client.repoPath(repo, `/pullrequests/${id}/diffstat`) })
            .then((response) => client.diffstat(response)),
          client.followRedirect<string>({
            path: client.repoPath(repo, `/pullrequests/${id}/diff`),
            responseType: 'text',
          }),
        ]);
        return mapDiff(
          {
            sha: head,
            baseSha,
            diffstat: diffstat.files,
            diff: diff.body,
            truncated: diffstat.truncated,
          },
          client.context,
        );
      });
    },

    async searchPullRequests(query) {
      const states = PULL_REQUEST_STATES[query.state ?? 'all'];
      pageParams({ limit: query.limit });
      if (query.author === undefined) {
        if (query.repo === undefined)
          throw invalidRequest(
            'Bitbucket has no search across workspaces: give an author or a repository.',
          );
        const ref = parseRepoRef(encodeURIComponent(query.repo));
        return client.inRepo(ref, () =>
          pullRequestsPage(client.repoPath(ref, '/pullrequests'), query, states, undefined),
        );
      }
      const author = encodeURIComponent(query.author);
      if (query.repo !== undefined) {
        const workspace = query.repo.slice(0, query.repo.indexOf('/'));
        if (!isWorkspaceSlug(workspace)) throw invalidRequest('repo must be workspace/slug');
        return pullRequestsPage(
          `/workspaces/${workspace}/pullrequests/${author}`,
          query,
          states,
          `destination.repository.full_name = ${bbqlString(query.repo)}`,
        );
      }
      // Across workspaces: the cursor is `<workspace>~<page>`, the workspace checked against the
      // user's own list so a cursor cannot point the search anywhere else.
      const workspaces = await memberWorkspaces();
      let index = 0;
      let token: string | undefined;
      if (query.cursor !== undefined) {
        const parts = splitCursor(query.cursor);
        index = workspaces.indexOf(parts.phase);
        if (index === -1) throw invalidCursor();
        token = parts.token;
      }
      const workspace = workspaces[index];
      if (workspace === undefined) return { items: [], nextCursor: null };
      const page = await pullRequestsPage(
        `/workspaces/${encodeURIComponent(workspace)}/pullrequests/${author}`,
        { limit: query.limit, cursor: token },
        states,
        undefined,
      );
      const following = workspaces[index + 1];
      return {
        items: page.items,
        nextCursor:
          page.nextCursor !== null
            ? `${workspace}${CURSOR_SEPARATOR}${checkPageToken(page.nextCursor)}`
            : following === undefined
              ? null
              : `${following}${CURSOR_SEPARATOR}`,
      };
    },

    async createComment(repo, input) {
      const comment = await client.inRepo(repo, () =>
        client.call(WireCommentSchema, {
          method: 'POST',
          path: client.repoPath(
            repo,
            `/pullrequests/${client.numberSegment(input.number)}/comments`,
          ),
          body: { content: { raw: input.body } },
        }),
      );
      return { id: String(comment.id), webUrl: comment.links?.html?.href ?? null };
    },
  };
}
