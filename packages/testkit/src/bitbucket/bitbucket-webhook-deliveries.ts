import { signHmacSha256 } from '@scm/core';
import type { WebhookFixture } from '../contract/types.js';
import { deriveSha } from '../dataset/diff.js';
import { commitsOnBranch } from '../dataset/queries.js';
import type { Dataset, DatasetRepository } from '../dataset/types.js';
import { uuidFor } from './bitbucket-dataset.js';
import { renderCommitStatus } from './render/ci.js';
import { renderAccount, renderRepositoryRef, type Hosts } from './render/common.js';
import { renderCommit } from './render/commits.js';
import { renderPullRequest } from './render/pull-requests.js';

export const BITBUCKET_SIGNATURE_HEADER = 'X-Hub-Signature';

function requestUuid(...parts: string[]): string {
  const hex = deriveSha('bitbucket-delivery', ...parts);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/** A delivery as Bitbucket sends it: event key, request UUID and `sha256=` HMAC of the raw body. */
function signed(
  secret: string | null,
  eventKey: string,
  payload: unknown,
  id: string,
  hook: string,
): WebhookFixture['request'] {
  const rawBody = JSON.stringify(payload);
  return {
    headers: {
      'Content-Type': 'application/json',
      'User-Agent': 'Bitbucket-Webhooks/2.0',
      'X-Event-Key': eventKey,
      'X-Request-UUID': id,
      'X-Hook-UUID': hook,
      'X-Attempt-Number': '1',
      // Bitbucket signs only deliveries of webhooks that have a secret.
      ...(secret === null ? {} : { [BITBUCKET_SIGNATURE_HEADER]: signHmacSha256(secret, rawBody) }),
    },
    rawBody,
  };
}

/**
 * Deliveries over the dataset: a push, a pull request created and merged (fulfilled), a commit
 * status update, and an event the adapter has no type for.
 */
export function bitbucketDeliveries(
  hosts: Hosts,
  dataset: Dataset,
  repo: DatasetRepository,
  secret: string | null,
): WebhookFixture[] {
  const hook = uuidFor('hook', repo.id);
  const actor = renderAccount(hosts, dataset.viewer);
  const repository = renderRepositoryRef(hosts, repo);
  const expectedRepository = {
    id: repo.uuid,
    fullName: repo.fullName,
    webUrl: `${hosts.web}/${repo.fullName}`,
  };
  const fixtures: WebhookFixture[] = [];
  const [after, before] = commitsOnBranch(repo, repo.defaultBranch) ?? [];
  if (after !== undefined && before !== undefined) {
    const id = requestUuid('push', after.sha);
    const ref = (sha: typeof after) => ({
      type: 'branch',
      name: repo.defaultBranch,
      target: renderCommit(hosts, dataset, repo, sha),
    });
    fixtures.push({
      name: 'repo:push',
      request: signed(
        secret,
        'repo:push',
        {
          actor,
          repository,
          push: {
            changes: [
              {
                old: ref(before),
                new: ref(after),
                created: false,
                closed: false,
                forced: false,
                truncated: false,
                commits: [renderCommit(hosts, dataset, repo, after)],
              },
            ],
          },
        },
        id,
        hook,
      ),
      expected: {
        type: 'push',
        provider: 'bitbucket',
        deliveryId: id,
        ref: `refs/heads/${repo.defaultBranch}`,
        before: before.sha,
        after: after.sha,
        repository: expectedRepository,
        commits: [
          {
            sha: after.sha,
            message: after.message,
            author: after.author.login ?? after.author.name,
          },
        ],
      },
    });
  }
  const merged = repo.pullRequests.find((pr) => pr.state === 'merged');
  if (merged !== undefined) {
    const id = requestUuid('fulfilled', repo.fullName, String(merged.number));
    fixtures.push({
      name: 'pullrequest:fulfilled',
      request: signed(
        secret,
        'pullrequest:fulfilled',
        { actor, repository, pullrequest: renderPullRequest(hosts, dataset, repo, merged) },
        id,
        hook,
      ),
      expected: {
        type: 'pull_request',
        provider: 'bitbucket',
        deliveryId: id,
        action: 'fulfilled',
        number: merged.number,
        state: 'merged',
        sourceBranch: merged.sourceBranch,
        targetBranch: merged.targetBranch,
        occurredAt: merged.updatedAt,
      },
    });
  }
  const open = repo.pullRequests.find((pr) => pr.state === 'open');
  if (open !== undefined) {
    const id = requestUuid('created', repo.fullName, String(open.number));
    fixtures.push({
      name: 'pullrequest:created',
      request: signed(
        secret,
        'pullrequest:created',
        { actor, repository, pullrequest: renderPullRequest(hosts, dataset, repo, open) },
        id,
        hook,
      ),
      expected: {
        type: 'pull_request',
        provider: 'bitbucket',
        deliveryId: id,
        action: 'created',
        number: open.number,
        state: 'open',
      },
    });
  }
  const status = repo.checks.find(
    (check) => check.kind === 'commit_status' && check.status === 'completed',
  );
  if (status !== undefined) {
    const id = requestUuid('status', String(status.id));
    fixtures.push({
      name: 'repo:commit_status_updated',
      request: signed(
        secret,
        'repo:commit_status_updated',
        { actor, repository, commit_status: renderCommitStatus(hosts, repo, status) },
        id,
        hook,
      ),
      expected: {
        type: 'check',
        provider: 'bitbucket',
        deliveryId: id,
        action: 'updated',
        name: status.name,
        sha: status.sha,
        status: 'completed',
      },
    });
  }
  const forkId = requestUuid('fork', repo.fullName);
  fixtures.push({
    name: 'an event the adapter has no type for',
    request: signed(secret, 'repo:fork', { actor, repository, fork: repository }, forkId, hook),
    expected: {
      type: 'unknown',
      provider: 'bitbucket',
      deliveryId: forkId,
      providerEvent: 'repo:fork',
    },
  });
  return fixtures;
}
