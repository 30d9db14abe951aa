import { createHmac } from 'node:crypto';
import type { WebhookFixture } from '../contract/types.js';
import { deriveSha } from '../dataset/diff.js';
import { commitsOnBranch } from '../dataset/queries.js';
import type { Dataset, DatasetRepository } from '../dataset/types.js';
import { deploymentStatus, gitlabStatus, type GitLabRenderer } from './render.js';

export const GITLAB_SIGNATURE_HEADER = 'webhook-signature';
const ZERO = '0'.repeat(40);

function uuid(...parts: string[]): string {
  const hex = deriveSha('gitlab-delivery', ...parts);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/**
 * GitLab's signed webhooks follow Standard Webhooks: `v1,<base64 HMAC-SHA256>` over
 * `<webhook-id>.<webhook-timestamp>.<body>`, keyed by the base64 after `whsec_`.
 */
export function signStandardWebhook(
  signingToken: string,
  id: string,
  seconds: number,
  body: string,
): string {
  const key = signingToken.startsWith('whsec_')
    ? Buffer.from(signingToken.slice('whsec_'.length), 'base64')
    : Buffer.from(signingToken, 'utf8');
  return `v1,${createHmac('sha256', key).update(`${id}.${seconds}.${body}`).digest('base64')}`;
}

export interface GitLabDeliveryOptions {
  dataset: Dataset;
  repo: DatasetRepository;
  render: GitLabRenderer;
  web: string;
  /** Sent verbatim in `X-Gitlab-Token`; null for a hook without one. */
  secretToken: string | null;
  /** Signs every delivery (`webhook-signature`); null for a hook without one. */
  signingToken: string | null;
  now: () => number;
}

/** Deliveries a GitLab project hook with a secret token and a signing token sends. */
export function gitlabDeliveries(options: GitLabDeliveryOptions): WebhookFixture[] {
  const { dataset, repo, render, web, secretToken, signingToken, now } = options;
  const project = {
    id: repo.id,
    name: repo.name,
    description: repo.description,
    web_url: `${web}/${repo.fullName}`,
    avatar_url: null,
    git_ssh_url: `git@${new URL(web).host}:${repo.fullName}.git`,
    git_http_url: `${web}/${repo.fullName}.git`,
    namespace: repo.owner,
    visibility_level: repo.visibility === 'public' ? 20 : repo.visibility === 'internal' ? 10 : 0,
    path_with_namespace: repo.fullName,
    default_branch: repo.defaultBranch,
    homepage: `${web}/${repo.fullName}`,
  };
  const viewer = render.userBasic(dataset.viewer.login) ?? {};
  const user = { ...viewer, email: '[REDACTED]' };
  const repositoryRef = {
    id: String(repo.id),
    fullName: repo.fullName,
    webUrl: `${web}/${repo.fullName}`,
  };

  const deliver = (
    name: string,
    event: string,
    payload: Record<string, unknown>,
    expected: WebhookFixture['expected'],
  ): WebhookFixture => {
    const rawBody = JSON.stringify(payload);
    const id = uuid(event, name, repo.fullName);
    const seconds = Math.floor(now() / 1000);
    return {
      name,
      request: {
        headers: {
          'content-type': 'application/json',
          'user-agent': 'GitLab/17.11.0',
          'X-Gitlab-Event': event,
          ...(secretToken === null ? {} : { 'X-Gitlab-Token': secretToken }),
          'X-Gitlab-Instance': web,
          'X-Gitlab-Webhook-UUID': uuid('hook', repo.fullName),
          'X-Gitlab-Event-UUID': id,
          'Idempotency-Key': id,
          ...(signingToken === null
            ? {}
            : {
                'webhook-id': id,
                'webhook-timestamp': String(seconds),
                [GITLAB_SIGNATURE_HEADER]: signStandardWebhook(signingToken, id, seconds, rawBody),
              }),
        },
        rawBody,
      },
      expected: { ...expected, deliveryId: id, provider: 'gitlab' },
    };
  };

  const fixtures: WebhookFixture[] = [];
  const [after, before] = commitsOnBranch(repo, repo.defaultBranch) ?? [];
  if (after !== undefined) {
    fixtures.push(
      deliver(
        'push',
        'Push Hook',
        {
          object_kind: 'push',
          event_name: 'push',
          before: before?.sha ?? ZERO,
          after: after.sha,
          ref: `refs/heads/${repo.defaultBranch}`,
          ref_protected: true,
          checkout_sha: after.sha,
          user_id: dataset.viewer.id,
          user_name: dataset.viewer.name,
          user_username: dataset.viewer.login,
          user_email: '',
          user_avatar: viewer.avatar_url ?? null,
          project_id: repo.id,
          project,
          commits: [
            {
              id: after.sha,
              message: after.message,
              title: after.message.split('\n', 1)[0],
              timestamp: after.committedAt,
              url: `${web}/${repo.fullName}/-/commit/${after.sha}`,
              author: { name: after.author.name, email: after.author.email },
              added: [],
              modified: after.files.map((file) => file.path),
              removed: [],
            },
          ],
          total_commits_count: 1,
          repository: { name: repo.name, url: project.git_ssh_url, homepage: project.homepage },
        },
        {
          type: 'push',
          ref: `refs/heads/${repo.defaultBranch}`,
          before: before?.sha ?? null,
          after: after.sha,
          repository: repositoryRef,
          commits: [{ sha: after.sha, message: after.message, author: after.author.name }],
        },
      ),
    );
  }
  const merged = repo.pullRequests.find((pr) => pr.state === 'merged');
  if (merged !== undefined) {
    const rendered = render.mergeRequest(repo, merged);
    fixtures.push(
      deliver(
        'merge request merged',
        'Merge Request Hook',
        {
          object_kind: 'merge_request',
          event_type: 'merge_request',
          user,
          project,
          object_attributes: {
            id: merged.id,
            iid: merged.number,
            title: rendered.title,
            description: merged.body,
            state: 'merged',
            action: 'merge',
            source_branch: merged.sourceBranch,
            target_branch: merged.targetBranch,
            source_project_id: repo.id,
            target_project_id: repo.id,
            created_at: merged.createdAt.replace('T', ' ').replace('Z', ' UTC'),
            updated_at: merged.updatedAt.replace('T', ' ').replace('Z', ' UTC'),
            merge_status: 'can_be_merged',
            url: rendered.web_url,
            last_commit: {
              id: merged.headSha,
              message: merged.title,
              url: `${web}/${repo.fullName}/-/commit/${merged.headSha}`,
            },
            work_in_progress: merged.draft,
            draft: merged.draft,
          },
          labels: merged.labels.map((title) => ({ title })),
          repository: { name: repo.name, url: project.git_ssh_url, homepage: project.homepage },
        },
        {
          type: 'pull_request',
          action: 'merge',
          number: merged.number,
          state: 'merged',
          sourceBranch: merged.sourceBranch,
          targetBranch: merged.targetBranch,
          headSha: merged.headSha,
          occurredAt: merged.updatedAt,
          repository: repositoryRef,
        },
      ),
    );
  }
  const tag = repo.tags[0];
  if (tag !== undefined) {
    fixtures.push(
      deliver(
        'tag pushed',
        'Tag Push Hook',
        {
          object_kind: 'tag_push',
          event_name: 'tag_push',
          before: ZERO,
          after: tag.sha,
          ref: `refs/tags/${tag.name}`,
          checkout_sha: tag.sha,
          user_id: dataset.viewer.id,
          user_name: dataset.viewer.name,
          user_username: dataset.viewer.login,
          project_id: repo.id,
          project,
          commits: [],
          total_commits_count: 0,
        },
        // The push of a new tag; parseAll adds its `ref` event (type ref, change created).
        {
          type: 'push',
          ref: `refs/tags/${tag.name}`,
          before: null,
          after: tag.sha,
          created: true,
          repository: repositoryRef,
        },
      ),
    );
  }
  const pipeline = repo.checks.find(
    (check) => check.kind === 'check_run' && check.status === 'completed',
  );
  if (pipeline !== undefined) {
    fixtures.push(
      deliver(
        'pipeline finished',
        'Pipeline Hook',
        {
          object_kind: 'pipeline',
          object_attributes: {
            id: pipeline.id,
            iid: pipeline.id % 10_000,
            name: pipeline.name,
            ref: repo.defaultBranch,
            tag: false,
            sha: pipeline.sha,
            status: gitlabStatus(pipeline),
            source: 'push',
            created_at: pipeline.startedAt,
            finished_at: pipeline.completedAt,
            url: `${web}/${repo.fullName}/-/pipelines/${pipeline.id}`,
          },
          user,
          project,
          builds: [],
        },
        { type: 'check', name: pipeline.name, sha: pipeline.sha, status: 'completed' },
      ),
    );
  }
  const deployment = repo.deployments[repo.deployments.length - 1];
  if (deployment !== undefined) {
    const status = deploymentStatus(deployment.state);
    fixtures.push(
      deliver(
        'deployment',
        'Deployment Hook',
        {
          object_kind: 'deployment',
          status,
          status_changed_at: deployment.updatedAt.replace('T', ' ').replace('Z', ' UTC'),
          deployment_id: deployment.id,
          deployable_id: deployment.id + 1,
          environment: deployment.environment,
          environment_tier: deployment.environment === 'production' ? 'production' : 'staging',
          project,
          short_sha: deployment.sha.slice(0, 8),
          user,
          commit_url: `${web}/${repo.fullName}/-/commit/${deployment.sha}`,
          commit_title: 'Deploy',
          ref: deployment.ref,
        },
        {
          type: 'deployment',
          environment: deployment.environment,
          sha: deployment.sha,
          state: deployment.state,
          occurredAt: deployment.updatedAt,
        },
      ),
    );
  }
  fixtures.push(
    deliver(
      'an event the adapter has no type for',
      'Wiki Page Hook',
      {
        object_kind: 'wiki_page',
        user,
        project,
        object_attributes: { title: 'Home', slug: 'home', action: 'create' },
      },
      { type: 'unknown', providerEvent: 'Wiki Page Hook', repository: repositoryRef },
    ),
  );
  return fixtures;
}
