import { renderUnifiedDiff } from '../../dataset/diff.js';
import { pullRequestsByState } from '../../dataset/queries.js';
import type { DatasetPullRequest, DatasetRepository } from '../../dataset/types.js';
import type { Route } from '../../server/simulator-server.js';
import { githubError, hostsOf, notFound, pageOf, wantsDiff } from '../github-http.js';
import { renderDiffEntry } from '../render/commits.js';
import {
  renderIssueComment,
  renderIssueSearchItem,
  renderLabels,
  renderPullRequest,
  renderPullRequestSimple,
} from '../render/pull-requests.js';
import { byNewest, diffText, parseSearch, type RouteKit } from '../route-kit.js';

/**
 * Pull requests (`/repos/:owner/:repo/pulls[/:number[/files]]`), the issue search
 * (`/search/issues`), and the comments and labels written on a pull request's issue.
 */
export function pullRequestsRoutes(kit: RouteKit): Route[] {
  const { dataset, state, iso, get, repoRoute, pullOf, labelsOf } = kit;
  return [
    ...repoRoute('GET', '/pulls', (request, repo) => {
      const filter = request.query.state ?? 'open';
      if (!['open', 'closed', 'all'].includes(filter)) return githubError(422, 'Validation Failed');
      // GitHub's `closed` includes merged pull requests.
      const prs = pullRequestsByState(repo, 'all')
        .filter(
          (pr) =>
            filter === 'all' || (filter === 'open' ? pr.state === 'open' : pr.state !== 'open'),
        )
        .sort((a, b) => b.number - a.number);
      return pageOf(
        request,
        prs.map((pr) =>
          renderPullRequestSimple(dataset, hostsOf(request), repo, pr, labelsOf(repo, pr.number)),
        ),
      );
    }),
    ...repoRoute('GET', '/pulls/:number', (request, repo) => {
      const pr = pullOf(repo, request.params.number);
      if (pr === undefined) return notFound();
      if (wantsDiff(request)) return diffText(renderUnifiedDiff(pr.files));
      return {
        json: renderPullRequest(dataset, hostsOf(request), repo, pr, labelsOf(repo, pr.number)),
      };
    }),
    ...repoRoute('GET', '/pulls/:number/files', (request, repo) => {
      const pr = pullOf(repo, request.params.number);
      if (pr === undefined) return notFound();
      return pageOf(
        request,
        pr.files.map((file) => renderDiffEntry(hostsOf(request), repo, pr.headSha, file)),
      );
    }),
    ...get(
      '/search/issues',
      (request) => {
        const query = parseSearch(request.query.q ?? '');
        if (query === undefined) return githubError(422, 'Validation Failed');
        const { qualifiers, flags } = query;
        if (!flags.has('is:pr') && qualifiers.type !== 'pr')
          return pageOf(request, [], {
            wrap: (items, total) => ({
              total_count: total,
              incomplete_results: false,
              search_type: 'lexical',
              items,
            }),
          });
        const found: { repo: DatasetRepository; pr: DatasetPullRequest }[] = [];
        for (const repo of dataset.repositories) {
          if (qualifiers.repo !== undefined && repo.fullName !== qualifiers.repo) continue;
          if (qualifiers.user !== undefined && repo.owner !== qualifiers.user) continue;
          if (qualifiers.org !== undefined && repo.owner !== qualifiers.org) continue;
          for (const pr of repo.pullRequests) {
            if (qualifiers.author !== undefined && pr.author !== qualifiers.author) continue;
            if ((flags.has('is:open') || qualifiers.state === 'open') && pr.state !== 'open')
              continue;
            if ((flags.has('is:closed') || qualifiers.state === 'closed') && pr.state === 'open')
              continue;
            if (flags.has('is:merged') && pr.state !== 'merged') continue;
            if (flags.has('is:unmerged') && pr.state === 'merged') continue;
            if (flags.has('draft:true') && !pr.draft) continue;
            found.push({ repo, pr });
          }
        }
        found.sort(
          (a, b) =>
            byNewest(a.pr, b.pr) ||
            a.repo.fullName.localeCompare(b.repo.fullName) ||
            b.pr.number - a.pr.number,
        );
        return pageOf(
          request,
          found.map(({ repo, pr }) =>
            renderIssueSearchItem(dataset, hostsOf(request), repo, pr, labelsOf(repo, pr.number)),
          ),
          {
            wrap: (items, total) => ({
              total_count: total,
              incomplete_results: false,
              search_type: 'lexical',
              items,
            }),
          },
        );
      },
      { resource: 'search' },
    ),
    // Pull requests are issues: their conversation comments and labels live on the issue.
    ...repoRoute(
      'POST',
      '/issues/:number/comments',
      (request, repo) => {
        const pr = pullOf(repo, request.params.number);
        if (pr === undefined) return notFound();
        const body = request.body as { body?: unknown } | undefined;
        if (typeof body?.body !== 'string' || body.body === '')
          return githubError(422, 'Validation Failed');
        const comment = { id: state.nextId(), body: body.body, createdAt: iso() };
        return {
          status: 201,
          json: renderIssueComment(dataset, hostsOf(request), repo, pr.number, comment),
        };
      },
      { scopes: ['repo', 'public_repo'] },
    ),
    ...repoRoute(
      'POST',
      '/issues/:number/labels',
      (request, repo) => {
        const pr = pullOf(repo, request.params.number);
        if (pr === undefined) return notFound();
        const body = request.body as { labels?: unknown } | unknown[] | undefined;
        const requested = Array.isArray(body) ? body : body?.labels;
        if (!Array.isArray(requested) || !requested.every((label) => typeof label === 'string'))
          return githubError(422, 'Validation Failed');
        const key = `${repo.id}#${pr.number}`;
        const added = requested.filter(
          (label) => !pr.labels.includes(label) && !(state.labels.get(key) ?? []).includes(label),
        );
        state.labels.set(key, [...(state.labels.get(key) ?? []), ...added]);
        return {
          json: renderLabels(hostsOf(request), repo, [...pr.labels, ...labelsOf(repo, pr.number)]),
        };
      },
      { scopes: ['repo', 'public_repo'] },
    ),
  ];
}
