import { createHmac } from 'node:crypto';
import type { WebhookFixture } from '../contract/types.js';
import { deriveSha } from '../dataset/diff.js';
import { commitsOnBranch } from '../dataset/queries.js';
import type { Dataset, DatasetRepository } from '../dataset/types.js';
import {
  commitStatusState,
  renderCheckRun,
  renderDeployment,
  renderDeploymentStatus,
} from './render/ci.js';
import { renderCommit } from './render/commits.js';
import { accountFor, type Hosts } from './render/common.js';
import { renderPullRequest } from './render/pull-requests.js';
import { renderRelease } from './render/refs.js';
import { renderRepository } from './render/repositories.js';

export const GITHUB_SIGNATURE_HEADER = 'X-Hub-Signature-256';

/** GitHub's delivery ids are UUIDs. */
function deliveryId(...parts: string[]): string {
  const hex = deriveSha('delivery', ...parts);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

export interface DeliveryContext {
  dataset: Dataset;
  repo: DatasetRepository;
  secret: string;
  hosts: Hosts;
  hookId: number;
  /** Installation the deliveries come through (GitHub App webhooks), if any. */
  installationId: number | null;
  app: { id: number; slug: string; clientId: string };
}

/** The installation object of an `installation` event, as GitHub sends it. */
function renderWebhookInstallation(
  context: DeliveryContext,
  account: Record<string, unknown>,
): Record<string, unknown> {
  const { hosts, app } = context;
  const id = context.installationId ?? 0;
  return {
    id,
    client_id: app.clientId,
    account,
    repository_selection: 'all',
    access_tokens_url: `${hosts.api}/app/installations/${id}/access_tokens`,
    repositories_url: `${hosts.api}/installation/repositories`,
    html_url: `${hosts.web}/settings/installations/${id}`,
    app_id: app.id,
    app_slug: app.slug,
    target_id: account.id,
    target_type: account.type,
    permissions: { checks: 'write', contents: 'read', metadata: 'read', pull_requests: 'write' },
    events: ['check_run', 'pull_request', 'push'],
    created_at: context.repo.createdAt,
    updated_at: context.repo.createdAt,
    single_file_name: null,
    has_multiple_single_files: false,
    single_file_paths: [],
    suspended_by: null,
    suspended_at: null,
  };
}

/**
 * Headers GitHub sends with every delivery: event name, delivery id, both HMAC signatures over the
 * exact body, the hook's id and target.
 * https://docs.github.com/webhooks/webhook-events-and-payloads#delivery-headers
 */
function signed(
  context: DeliveryContext,
  event: string,
  payload: unknown,
  id: string,
): WebhookFixture['request'] {
  const rawBody = JSON.stringify(payload);
  const sha256 = createHmac('sha256', context.secret).update(rawBody).digest('hex');
  const sha1 = createHmac('sha1', context.secret).update(rawBody).digest('hex');
  return {
    headers: {
      'content-type': 'application/json',
      'user-agent': 'GitHub-Hookshot/044aadd',
      'X-GitHub-Event': event,
      'X-GitHub-Delivery': id,
      'X-GitHub-Hook-ID': String(context.hookId),
      'X-GitHub-Hook-Installation-Target-Type': 'repository',
      'X-GitHub-Hook-Installation-Target-ID': String(context.repo.id),
      'X-Hub-Signature': `sha1=${sha1}`,
      [GITHUB_SIGNATURE_HEADER]: `sha256=${sha256}`,
    },
    rawBody,
  };
}

/** Deliveries over the dataset: push, pull_request (merged), create/delete, release, check_run, status, deployment_status, ping, installation, and one the adapter has no type for. */
export function githubDeliveries(context: DeliveryContext): WebhookFixture[] {
  const { dataset, repo, hosts } = context;
  const repository = renderRepository(dataset, hosts, repo);
  const sender = accountFor(dataset, hosts, dataset.viewer.login);
  const installation =
    context.installationId === null
      ? {}
      : { installation: { id: context.installationId, node_id: `MDIz${context.installationId}` } };
  const common = { repository, sender, ...installation };
  const repoExpected = {
    id: String(repo.id),
    fullName: repo.fullName,
    webUrl: `${hosts.web}/${repo.fullName}`,
  };
  const fixtures: WebhookFixture[] = [];
  const add = (
    name: string,
    event: string,
    payload: Record<string, unknown>,
    expected: WebhookFixture['expected'],
    ...idParts: string[]
  ): void => {
    const id = deliveryId(event, repo.fullName, ...idParts);
    fixtures.push({
      name,
      request: signed(context, event, payload, id),
      expected: { ...expected, provider: 'github', deliveryId: id },
    });
  };

  const main = commitsOnBranch(repo, repo.defaultBranch) ?? [];
  const [after, before] = main;
  if (after !== undefined) {
    const commit = {
      id: after.sha,
      tree_id: deriveSha('tree', after.sha, ''),
      distinct: true,
      message: after.message,
      timestamp: after.committedAt,
      url: `${hosts.web}/${repo.fullName}/commit/${after.sha}`,
      author: {
        name: after.author.name,
        email: after.author.email,
        ...(after.author.login === null ? {} : { username: after.author.login }),
      },
      committer: {
        name: after.committer.name,
        email: after.committer.email,
        ...(after.committer.login === null ? {} : { username: after.committer.login }),
      },
      added: after.files.filter((file) => file.status === 'added').map((file) => file.path),
      removed: after.files.filter((file) => file.status === 'removed').map((file) => file.path),
      modified: after.files.filter((file) => file.status === 'modified').map((file) => file.path),
    };
    add(
      'push',
      'push',
      {
        ref: `refs/heads/${repo.defaultBranch}`,
        before: before?.sha ?? '0'.repeat(40),
        after: after.sha,
        created: false,
        deleted: false,
        forced: false,
        base_ref: null,
        compare: `${hosts.web}/${repo.fullName}/compare/${(before?.sha ?? '').slice(0, 12)}...${after.sha.slice(0, 12)}`,
        commits: [commit],
        head_commit: commit,
        pusher: { name: dataset.viewer.login, email: dataset.viewer.email },
        ...common,
      },
      {
        type: 'push',
        ref: `refs/heads/${repo.defaultBranch}`,
        before: before?.sha ?? '0'.repeat(40),
        after: after.sha,
        repository: repoExpected,
      },
      after.sha,
    );
  }

  const merged = repo.pullRequests.find((pr) => pr.state === 'merged');
  if (merged !== undefined) {
    add(
      'pull request merged',
      'pull_request',
      {
        action: 'closed',
        number: merged.number,
        pull_request: renderPullRequest(dataset, hosts, repo, merged),
        ...common,
      },
      {
        type: 'pull_request',
        action: 'closed',
        number: merged.number,
        state: 'merged',
        sourceBranch: merged.sourceBranch,
        targetBranch: merged.targetBranch,
        headSha: merged.headSha,
      },
      String(merged.number),
    );
  }

  const tag = repo.tags[0];
  if (tag !== undefined) {
    add(
      'tag created',
      'create',
      {
        ref: tag.name,
        ref_type: 'tag',
        master_branch: repo.defaultBranch,
        description: repo.description,
        pusher_type: 'user',
        ...common,
      },
      { type: 'ref', refType: 'tag', name: tag.name, change: 'created' },
      tag.name,
    );
  }
  const feature = repo.pullRequests[0];
  if (feature !== undefined) {
    add(
      'branch deleted',
      'delete',
      { ref: feature.sourceBranch, ref_type: 'branch', pusher_type: 'user', ...common },
      { type: 'ref', refType: 'branch', name: feature.sourceBranch, change: 'deleted' },
      feature.sourceBranch,
    );
  }

  const release = repo.releases.find((candidate) => !candidate.draft);
  if (release !== undefined) {
    add(
      'release published',
      'release',
      { action: 'published', release: renderRelease(dataset, hosts, repo, release), ...common },
      { type: 'release', action: 'published', tagName: release.tagName, name: release.name },
      String(release.id),
    );
  }

  const run = repo.checks.find(
    (check) => check.kind === 'check_run' && check.status === 'completed',
  );
  if (run !== undefined) {
    add(
      'check run completed',
      'check_run',
      { action: 'completed', check_run: renderCheckRun(hosts, repo, run), ...common },
      {
        type: 'check',
        action: 'completed',
        name: run.name,
        sha: run.sha,
        status: 'completed',
        conclusion: run.conclusion,
      },
      String(run.id),
    );
  }

  const status = repo.checks.find((check) => check.kind === 'commit_status');
  const statusCommit =
    status === undefined ? undefined : repo.commits.find((commit) => commit.sha === status.sha);
  if (status !== undefined && statusCommit !== undefined) {
    const state = commitStatusState(status);
    add(
      'commit status',
      'status',
      {
        id: status.id,
        sha: status.sha,
        name: repo.fullName,
        target_url: `http://ci.example.test/${repo.fullName}/${status.id}`,
        avatar_url: null,
        context: status.name,
        description: status.description,
        state,
        commit: renderCommit(dataset, hosts, repo, statusCommit),
        branches: repo.branches
          .filter((branch) => branch.sha === status.sha)
          .map((branch) => ({
            name: branch.name,
            commit: {
              sha: branch.sha,
              url: `${hosts.api}/repos/${repo.fullName}/commits/${branch.sha}`,
            },
            protected: branch.protected,
          })),
        created_at: status.startedAt ?? repo.createdAt,
        updated_at: status.completedAt ?? status.startedAt ?? repo.createdAt,
        ...common,
      },
      { type: 'check', action: null, name: status.name, sha: status.sha },
      String(status.id),
    );
  }

  const created = repo.deployments[0];
  if (created !== undefined) {
    add(
      'deployment created',
      'deployment',
      {
        action: 'created',
        deployment: renderDeployment(dataset, hosts, repo, created),
        // Set only for deployments a workflow run created.
        workflow: null,
        workflow_run: null,
        ...common,
      },
      {
        type: 'deployment',
        action: 'created',
        environment: created.environment,
        state: 'pending',
        sha: created.sha,
      },
      String(created.id),
    );
  }

  const deployment = repo.deployments.find((candidate) => candidate.statuses.length > 0);
  const lastStatus = deployment?.statuses[deployment.statuses.length - 1];
  if (deployment !== undefined && lastStatus !== undefined) {
    add(
      'deployment status',
      'deployment_status',
      {
        action: 'created',
        deployment_status: renderDeploymentStatus(dataset, hosts, repo, deployment, lastStatus),
        deployment: renderDeployment(dataset, hosts, repo, deployment),
        ...common,
      },
      {
        type: 'deployment',
        environment: deployment.environment,
        state: lastStatus.state,
        sha: deployment.sha,
      },
      String(lastStatus.id),
    );
  }

  add(
    'ping',
    'ping',
    {
      zen: 'Keep it logically awesome.',
      hook_id: context.hookId,
      hook: {
        type: 'Repository',
        id: context.hookId,
        name: 'web',
        active: true,
        events: ['*'],
        config: {
          content_type: 'json',
          insecure_ssl: '0',
          url: 'https://hooks.example.test/github',
        },
        updated_at: repo.createdAt,
        created_at: repo.createdAt,
        url: `${hosts.api}/repos/${repo.fullName}/hooks/${context.hookId}`,
        test_url: `${hosts.api}/repos/${repo.fullName}/hooks/${context.hookId}/test`,
        ping_url: `${hosts.api}/repos/${repo.fullName}/hooks/${context.hookId}/pings`,
        deliveries_url: `${hosts.api}/repos/${repo.fullName}/hooks/${context.hookId}/deliveries`,
        last_response: { code: null, status: 'unused', message: null },
      },
      ...common,
    },
    { type: 'ping' },
  );

  if (context.installationId !== null) {
    add(
      'installation created',
      'installation',
      {
        action: 'created',
        installation: renderWebhookInstallation(context, accountFor(dataset, hosts, repo.owner)),
        repositories: [
          {
            id: repo.id,
            node_id: repository.node_id,
            name: repo.name,
            full_name: repo.fullName,
            private: repo.visibility !== 'public',
          },
        ],
        sender,
      },
      { type: 'installation', action: 'created', installationId: String(context.installationId) },
    );
  }

  add(
    'an event the adapter does not know',
    'star',
    { action: 'created', starred_at: repo.updatedAt, ...common },
    { type: 'unknown', action: 'created', providerEvent: 'star' },
  );
  return fixtures;
}
