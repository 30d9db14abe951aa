import { signHmacSha256 } from '@scm/core';
import type { WebhookFixture } from '../../contract/types.js';
import { deriveSha } from '../../dataset/diff.js';
import { commitsOnBranch } from '../../dataset/queries.js';
import type { Dataset, DatasetRepository } from '../../dataset/types.js';
import { EXAMPLE_WEB } from './render/common.js';
import { renderChange } from './render/pull-requests.js';

export const EXAMPLE_SIGNATURE_HEADER = 'X-Example-Signature';

function deliveryId(...parts: string[]): string {
  const hex = deriveSha('delivery', ...parts);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

function signed(
  secret: string,
  event: string,
  payload: unknown,
  id: string,
): WebhookFixture['request'] {
  const rawBody = JSON.stringify(payload);
  return {
    headers: {
      'content-type': 'application/json',
      'X-Example-Event': event,
      'X-Example-Delivery': id,
      [EXAMPLE_SIGNATURE_HEADER]: signHmacSha256(secret, rawBody),
    },
    rawBody,
  };
}

function repoRef(repo: DatasetRepository): Record<string, unknown> {
  return { id: repo.id, slug: repo.fullName, web_url: `${EXAMPLE_WEB}/${repo.fullName}` };
}

/** Deliveries the example provider sends: push, change request, ping, and one it has no type for. */
export function exampleDeliveries(
  dataset: Dataset,
  repo: DatasetRepository,
  secret: string,
): WebhookFixture[] {
  const main = commitsOnBranch(repo, repo.defaultBranch) ?? [];
  const [after, before] = main;
  const sender = { handle: dataset.viewer.login, display_name: dataset.viewer.name };
  const fixtures: WebhookFixture[] = [];
  if (after !== undefined) {
    const id = deliveryId('push', after.sha);
    fixtures.push({
      name: 'push',
      request: signed(
        secret,
        'push',
        {
          occurred_at: after.committedAt,
          repo: repoRef(repo),
          sender,
          ref: `refs/heads/${repo.defaultBranch}`,
          before: before?.sha ?? null,
          after: after.sha,
          commits: [
            {
              sha: after.sha,
              message: after.message,
              author: { handle: after.author.login, name: after.author.name },
            },
          ],
        },
        id,
      ),
      expected: {
        type: 'push',
        provider: 'example',
        deliveryId: id,
        occurredAt: after.committedAt,
        ref: `refs/heads/${repo.defaultBranch}`,
        after: after.sha,
        before: before?.sha ?? null,
        repository: {
          id: String(repo.id),
          fullName: repo.fullName,
          webUrl: `${EXAMPLE_WEB}/${repo.fullName}`,
        },
      },
    });
  }
  const merged = repo.pullRequests.find((pr) => pr.state === 'merged');
  if (merged !== undefined) {
    const id = deliveryId('change', repo.fullName, String(merged.number));
    fixtures.push({
      name: 'change request merged',
      request: signed(
        secret,
        'change_request',
        {
          action: 'merged',
          occurred_at: merged.updatedAt,
          repo: repoRef(repo),
          sender,
          change: renderChange(repo, merged),
        },
        id,
      ),
      expected: {
        type: 'pull_request',
        provider: 'example',
        deliveryId: id,
        action: 'merged',
        number: merged.number,
        state: 'merged',
        sourceBranch: merged.sourceBranch,
        targetBranch: merged.targetBranch,
        headSha: merged.headSha,
      },
    });
  }
  const pingId = deliveryId('ping', repo.fullName);
  fixtures.push({
    name: 'ping',
    request: signed(
      secret,
      'ping',
      { occurred_at: repo.createdAt, repo: repoRef(repo), hook_id: 'hook-1' },
      pingId,
    ),
    expected: { type: 'ping', provider: 'example', deliveryId: pingId, occurredAt: repo.createdAt },
  });
  const starId = deliveryId('star', repo.fullName);
  fixtures.push({
    name: 'an event the adapter does not know',
    request: signed(
      secret,
      'star',
      { occurred_at: repo.updatedAt, repo: repoRef(repo), sender },
      starId,
    ),
    expected: { type: 'unknown', provider: 'example', deliveryId: starId, providerEvent: 'star' },
  });
  return fixtures;
}
