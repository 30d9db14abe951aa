import type { WebhookFixture } from '../contract/types.js';
import { commitsOnBranch } from '../dataset/queries.js';
import type { DatasetCheck, DatasetRepository } from '../dataset/types.js';
import { guidFor } from './azure-dataset.js';
import { isoSeconds } from './azure-wire.js';
import { renderBuild } from './render/ci.js';
import {
  renderGitUser,
  renderIdentity,
  renderRepository,
  repositoryWebUrl,
} from './render/common.js';
import { renderPullRequest } from './render/pull-requests.js';
import type { AzureRouteKit } from './route-kit.js';

/** Azure signs nothing: a delivery proves itself by the Basic credentials of its subscription. */
export const AZURE_SIGNATURE_HEADER = 'authorization';

/** How a subscription authenticates its deliveries: Basic credentials and/or custom headers. */
export interface DeliveryCredentials {
  basicAuthUsername?: string | undefined;
  basicAuthPassword?: string | undefined;
  /** Extra headers, as the `httpHeaders` consumer input has them. */
  headers?: Readonly<Record<string, string>>;
}

/** The `httpHeaders` consumer input: one `Name: value` per line. */
export function parseHttpHeaders(input: string | undefined): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const line of (input ?? '').split(/\r?\n/)) {
    const separator = line.indexOf(':');
    if (separator <= 0) continue;
    headers[line.slice(0, separator).trim()] = line.slice(separator + 1).trim();
  }
  return headers;
}

function basicAuthorization(username: string, password: string): string {
  return `Basic ${Buffer.from(`${username}:${password}`, 'utf8').toString('base64')}`;
}

type Deliver = (
  name: string,
  eventType: string,
  resource: Record<string, unknown>,
  text: string,
  expected: WebhookFixture['expected'],
  publisherId?: string,
  resourceVersion?: string,
) => WebhookFixture;

/**
 * A build's run as the Pipelines service hooks tell it: the run's state changed, and one of its
 * jobs' (publisher `pipelines`, resource version `5.1-preview.1`).
 */
function pipelineDeliveries(
  kit: AzureRouteKit,
  repo: DatasetRepository,
  build: DatasetCheck,
  deliver: Deliver,
): WebhookFixture[] {
  const rendered = renderBuild(kit, repo, build);
  const definition = rendered.definition as { id: number; name: string };
  const project = kit.projectOf(repo);
  const base = `${kit.collectionUrl()}/${project.id}/_apis/pipelines/${String(definition.id)}`;
  const web = `${kit.collectionUrl()}/${project.id}/_build/results?buildId=${String(build.id)}`;
  const pipeline = {
    url: `${base}?revision=1`,
    id: definition.id,
    revision: 1,
    name: definition.name,
    folder: '\\',
  };
  const result = (rendered.result as string | undefined) ?? 'succeeded';
  const run = {
    _links: { self: { href: `${base}/runs/${String(build.id)}` }, web: { href: web } },
    pipeline,
    state: 'completed',
    result,
    createdDate: rendered.queueTime,
    finishedDate: build.completedAt,
    url: `${base}/runs/${String(build.id)}`,
    resources: {
      repositories: {
        self: {
          repository: { id: repo.uuid.replace(/[{}]/g, ''), type: 'azureReposGit' },
          refName: rendered.sourceBranch,
          version: build.sha,
        },
      },
    },
    id: build.id,
    name: rendered.buildNumber,
  };
  const stage = {
    id: guidFor('stage', build.id),
    name: 'Build',
    displayName: 'Build',
    state: 'completed',
    result,
  };
  const job = {
    _links: { web: { href: web } },
    id: guidFor('job', build.id),
    name: build.name,
    state: 'completed',
    result,
    startTime: build.startedAt,
    finishTime: build.completedAt,
  };
  return [
    deliver(
      'ms.vss-pipelines.run-state-changed-event',
      'ms.vss-pipelines.run-state-changed-event',
      { run, pipeline, runId: build.id, runUrl: run.url, pipelineId: definition.id },
      `Run ${String(rendered.buildNumber)} ${result}.`,
      { type: 'check', name: definition.name, sha: build.sha, status: 'completed' },
      'pipelines',
      '5.1-preview.1',
    ),
    deliver(
      'ms.vss-pipelines.job-state-changed-event',
      'ms.vss-pipelines.job-state-changed-event',
      { job, stage, run, pipeline, runId: build.id, stageName: stage.name, jobName: job.name },
      `Job ${build.name} ${result}.`,
      {
        type: 'job',
        jobId: job.id,
        name: build.name,
        runId: String(build.id),
        sha: build.sha,
        status: 'completed',
      },
      'pipelines',
      '5.1-preview.1',
    ),
  ];
}

/**
 * The service-hook notifications a webhooks subscription on `repo` receives, as Azure posts
 * them (https://learn.microsoft.com/en-us/azure/devops/service-hooks/events): JSON, no
 * signature, the subscription's Basic credentials and custom headers.
 */
export function azureDeliveries(
  kit: AzureRouteKit,
  repo: DatasetRepository,
  credentials: DeliveryCredentials,
  now: () => number,
  subscriptionId = guidFor('subscription', repo.fullName),
): WebhookFixture[] {
  const project = kit.projectOf(repo);
  const repository = renderRepository(kit, repo);
  const expectedRepository = {
    id: repo.uuid,
    fullName: repo.fullName,
    webUrl: repositoryWebUrl(kit, repo),
  };
  const headers: Record<string, string> = {
    'content-type': 'application/json; charset=utf-8',
    'user-agent': 'VSServices/19.255.35418.2',
    ...credentials.headers,
  };
  if (credentials.basicAuthUsername !== undefined || credentials.basicAuthPassword !== undefined)
    headers.Authorization = basicAuthorization(
      credentials.basicAuthUsername ?? '',
      credentials.basicAuthPassword ?? '',
    );
  let notificationId = 0;
  const deliver = (
    name: string,
    eventType: string,
    resource: Record<string, unknown>,
    text: string,
    expected: WebhookFixture['expected'],
    publisherId = 'tfs',
    resourceVersion = '1.0',
  ): WebhookFixture => {
    const id = guidFor('event', `${eventType}:${name}:${repo.fullName}`);
    const body = {
      subscriptionId,
      notificationId: ++notificationId,
      id,
      eventType,
      publisherId,
      message: { text, html: text, markdown: text },
      detailedMessage: { text, html: text, markdown: text },
      resource,
      resourceVersion,
      resourceContainers: {
        collection: {
          id: guidFor('collection', kit.world.organization),
          baseUrl: `${kit.collectionUrl()}/`,
        },
        account: {
          id: guidFor('account', kit.world.organization),
          baseUrl: `${kit.collectionUrl()}/`,
        },
        project: { id: project.id, baseUrl: `${kit.collectionUrl()}/` },
      },
      createdDate: isoSeconds(now()),
    };
    return {
      name,
      request: { headers: { ...headers }, rawBody: JSON.stringify(body) },
      expected: { ...expected, provider: 'azure', deliveryId: id },
    };
  };

  const fixtures: WebhookFixture[] = [];
  const viewer = renderIdentity(kit, kit.dataset.viewer.login);
  const [after, before] = commitsOnBranch(repo, repo.defaultBranch) ?? [];
  if (after !== undefined && before !== undefined) {
    fixtures.push(
      deliver(
        'git.push',
        'git.push',
        {
          commits: [
            {
              commitId: after.sha,
              author: renderGitUser(after.author, after.authoredAt),
              committer: renderGitUser(after.committer, after.committedAt),
              comment: after.message,
              url: `${String(repository.url)}/commits/${after.sha}`,
            },
          ],
          refUpdates: [
            {
              name: `refs/heads/${repo.defaultBranch}`,
              oldObjectId: before.sha,
              newObjectId: after.sha,
            },
          ],
          repository,
          pushedBy: viewer,
          pushId: repo.commits.length,
          date: after.committedAt,
          url: `${String(repository.url)}/pushes/${String(repo.commits.length)}`,
        },
        `${String(viewer.displayName)} pushed updates to ${repo.name}:${repo.defaultBranch}.`,
        {
          type: 'push',
          ref: `refs/heads/${repo.defaultBranch}`,
          before: before.sha,
          after: after.sha,
          repository: expectedRepository,
        },
      ),
    );
  }
  const open = repo.pullRequests.find((pr) => pr.state === 'open');
  if (open !== undefined) {
    fixtures.push(
      deliver(
        'git.pullrequest.created',
        'git.pullrequest.created',
        renderPullRequest(kit, repo, open),
        `${String(viewer.displayName)} created pull request ${String(open.number)} (${open.title}) in ${repo.name}`,
        {
          type: 'pull_request',
          number: open.number,
          state: 'open',
          sourceBranch: open.sourceBranch,
          targetBranch: open.targetBranch,
        },
      ),
    );
    const comment = {
      id: 1,
      parentCommentId: 0,
      author: viewer,
      content: 'Looks good to me',
      publishedDate: open.updatedAt,
      lastUpdatedDate: open.updatedAt,
      lastContentUpdatedDate: open.updatedAt,
      commentType: 'text',
      _links: {
        self: {
          href: `${String(repository.url)}/pullRequests/${String(open.number)}/threads/1/comments/1`,
        },
      },
    };
    fixtures.push(
      deliver(
        'pull request comment',
        'ms.vss-code.git-pullrequest-comment-event',
        { comment, pullRequest: renderPullRequest(kit, repo, open) },
        `${String(viewer.displayName)} has edited a pull request comment`,
        { type: 'comment', subject: 'pull_request', number: open.number, body: comment.content },
        'tfs',
        '2.0',
      ),
    );
  }
  const merged = repo.pullRequests.find((pr) => pr.state === 'merged');
  if (merged !== undefined) {
    fixtures.push(
      deliver(
        'git.pullrequest.merged',
        'git.pullrequest.merged',
        renderPullRequest(kit, repo, merged),
        `${String(viewer.displayName)} completed pull request ${String(merged.number)} (${merged.title}) in ${repo.name}`,
        { type: 'pull_request', number: merged.number, state: 'merged' },
      ),
    );
  }
  const build = repo.checks.find(
    (check) => check.kind === 'check_run' && check.status === 'completed',
  );
  if (build !== undefined) {
    fixtures.push(
      deliver(
        'build.complete',
        'build.complete',
        renderBuild(kit, repo, build),
        `Build ${String(build.id)} of ${build.name} completed`,
        { type: 'check', name: build.name, sha: build.sha, status: 'completed' },
        'tfs',
        '2.0',
      ),
    );
  }
  if (build !== undefined) fixtures.push(...pipelineDeliveries(kit, repo, build, deliver));
  fixtures.push(
    deliver(
      'an event the adapter has no type for',
      'workitem.created',
      {
        id: 5,
        rev: 1,
        fields: { 'System.Title': 'Fix the build', 'System.TeamProject': project.name },
      },
      'Bug #5 (Fix the build) created',
      { type: 'unknown', providerEvent: 'workitem.created' },
    ),
  );
  return fixtures;
}
