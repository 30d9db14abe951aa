import type { DatasetPullRequest, DatasetRepository } from '../../dataset/types.js';
import type { Route, SimulatorRequest, SimulatorResponse } from '../../server/simulator-server.js';
import type { AzureProject } from '../azure-dataset.js';
import { repositoryGuid } from '../azure-dataset.js';
import { azureError, list, topSkip } from '../azure-wire.js';
import { renderIdentity } from '../render/common.js';
import {
  PULL_REQUEST_STATUS,
  labelsOf,
  renderLabel,
  renderPullRequest,
} from '../render/pull-requests.js';
import type { AzureRouteKit } from '../route-kit.js';

function pullRequestNotFound(id: string): SimulatorResponse {
  return azureError(
    404,
    `TF401180: The requested pull request ${id} was not found.`,
    'GitPullRequestNotFoundException',
    'Microsoft.TeamFoundation.Git.Server',
  );
}

/** `CommentThreadStatus`, sent by name or by its number (`1` is `active`). */
const THREAD_STATUSES = ['unknown', 'active', 'fixed', 'wontFix', 'closed', 'byDesign', 'pending'];

function threadStatus(value: unknown): string {
  if (typeof value === 'number') return THREAD_STATUSES[value] ?? 'unknown';
  return typeof value === 'string' && THREAD_STATUSES.includes(value) ? value : 'active';
}

/**
 * `searchCriteria.*` over pull requests, newest first: `status` (`active` by default,
 * `completed`, `abandoned`, `all`), `creatorId` (an identity GUID), `repositoryId`,
 * `sourceRefName`, `targetRefName`; then `$top`/`$skip`.
 */
function search(
  kit: AzureRouteKit,
  request: SimulatorRequest,
  repos: readonly DatasetRepository[],
): SimulatorResponse {
  const q = request.query;
  const status = q['searchCriteria.status'] ?? 'active';
  if (!['active', 'completed', 'abandoned', 'all', 'notSet'].includes(status))
    return azureError(
      400,
      `The value '${status}' is not valid for searchCriteria.status.`,
      'InvalidArgumentValueException',
      'Microsoft.VisualStudio.Services.Common',
    );
  const creator = q['searchCriteria.creatorId']?.toLowerCase();
  const repositoryId = q['searchCriteria.repositoryId']?.toLowerCase();
  const matches = repos
    .filter((repo) => repositoryId === undefined || repositoryGuid(repo.uuid) === repositoryId)
    .flatMap((repo) => repo.pullRequests.map((pr) => ({ repo, pr })))
    .filter(
      ({ pr }) =>
        (status === 'all' || PULL_REQUEST_STATUS[pr.state] === status) &&
        (creator === undefined || renderIdentity(kit, pr.author).id === creator) &&
        (q['searchCriteria.sourceRefName'] === undefined ||
          q['searchCriteria.sourceRefName'] === `refs/heads/${pr.sourceBranch}`) &&
        (q['searchCriteria.targetRefName'] === undefined ||
          q['searchCriteria.targetRefName'] === `refs/heads/${pr.targetBranch}`),
    )
    .sort((a, b) => b.pr.number - a.pr.number);
  const page = topSkip(request, matches, { top: ['$top'], skip: ['$skip'] }, 101);
  if (!Array.isArray(page)) return page;
  return list(page.map(({ repo, pr }) => renderPullRequest(kit, repo, pr)));
}

type PullRequestHandler = (
  request: SimulatorRequest,
  repo: DatasetRepository,
  pr: DatasetPullRequest,
) => SimulatorResponse;

/**
 * Pull requests of a repository, a project and the organization (the same search), one by id,
 * and what is written on them: comment threads and labels.
 */
export function pullRequestsRoutes(kit: AzureRouteKit): Route[] {
  const onPullRequest = (method: string, path: string, handler: PullRequestHandler): Route[] =>
    kit.repoRoutes(method, `/pullRequests/:pullRequestId${path}`, (request, repo) => {
      const id = request.params.pullRequestId ?? '';
      const pr = repo.pullRequests.find((candidate) => String(candidate.number) === id);
      return pr === undefined ? pullRequestNotFound(id) : handler(request, repo, pr);
    });
  const byId = (repos: readonly DatasetRepository[], id: string): SimulatorResponse => {
    for (const repo of repos) {
      const pr = repo.pullRequests.find((candidate) => String(candidate.number) === id);
      if (pr !== undefined) return { json: renderPullRequest(kit, repo, pr) };
    }
    return pullRequestNotFound(id);
  };
  const inProject = (project: AzureProject) => kit.repositoriesOf(project);
  const threadsOf = (pr: DatasetPullRequest) => {
    const threads = kit.state.threads.get(pr.number) ?? [];
    kit.state.threads.set(pr.number, threads);
    return threads;
  };

  return [
    ...kit.repoRoutes('GET', '/pullRequests', (request, repo) => search(kit, request, [repo])),
    kit.projectRoute('GET', '/_apis/git/pullRequests', (request, project) =>
      search(kit, request, inProject(project)),
    ),
    kit.orgRoute('GET', '/_apis/git/pullRequests', (request) =>
      search(kit, request, kit.dataset.repositories),
    ),
    kit.projectRoute('GET', '/_apis/git/pullRequests/:pullRequestId', (request, project) =>
      byId(inProject(project), request.params.pullRequestId ?? ''),
    ),
    ...onPullRequest('GET', '', (_request, repo, pr) => ({
      json: renderPullRequest(kit, repo, pr),
    })),
    ...onPullRequest('GET', '/threads', (_request, _repo, pr) => list(threadsOf(pr))),
    ...onPullRequest('POST', '/threads', (request, repo, pr) => {
      const body = request.body as
        { comments?: { content?: unknown }[]; status?: unknown } | undefined;
      const comments = Array.isArray(body?.comments) ? body.comments : [];
      if (comments.length === 0 || comments.some((comment) => typeof comment.content !== 'string'))
        return azureError(
          400,
          'The thread must contain at least one comment with content.',
          'InvalidArgumentValueException',
          'Microsoft.VisualStudio.Services.Common',
        );
      const id = kit.state.nextId++;
      const now = kit.iso();
      const url = `${String(renderPullRequest(kit, repo, pr).url)}/threads/${String(id)}`;
      const thread = {
        id,
        publishedDate: now,
        lastUpdatedDate: now,
        comments: comments.map((comment, index) => ({
          id: index + 1,
          parentCommentId: index,
          author: renderIdentity(kit, kit.dataset.viewer.login),
          content: comment.content,
          publishedDate: now,
          lastUpdatedDate: now,
          lastContentUpdatedDate: now,
          commentType: 'text',
          usersLiked: [],
          _links: { self: { href: `${url}/comments/${String(index + 1)}` } },
        })),
        status: threadStatus(body?.status),
        threadContext: null,
        properties: {},
        identities: null,
        isDeleted: false,
        _links: { self: { href: url } },
      };
      threadsOf(pr).push(thread);
      return { json: thread };
    }),
    ...onPullRequest('GET', '/labels', (_request, _repo, pr) =>
      list(labelsOf(kit, pr).map((name) => renderLabel(kit, name))),
    ),
    ...onPullRequest('POST', '/labels', (request, _repo, pr) => {
      const name = (request.body as { name?: unknown } | undefined)?.name;
      if (typeof name !== 'string' || name.trim() === '')
        return azureError(
          400,
          'The label name must not be empty.',
          'InvalidArgumentValueException',
          'Microsoft.VisualStudio.Services.Common',
        );
      const added = kit.state.labels.get(pr.number) ?? [];
      if (!labelsOf(kit, pr).includes(name)) added.push(name);
      kit.state.labels.set(pr.number, added);
      return { json: renderLabel(kit, name) };
    }),
  ];
}
