import type { DatasetPullRequest, DatasetRepository } from '../../../dataset/types.js';
import { EXAMPLE_WEB } from './common.js';

export function renderChange(
  repo: DatasetRepository,
  pr: DatasetPullRequest,
): Record<string, unknown> {
  return {
    id: pr.id,
    number: pr.number,
    title: pr.title,
    description: pr.body,
    // The example API folds `draft` into its status, as some providers do.
    status: pr.state === 'open' && pr.draft ? 'draft' : pr.state,
    author: { handle: pr.author },
    source: { branch: pr.sourceBranch, sha: pr.headSha },
    target: { branch: pr.targetBranch },
    labels: pr.labels.map((name) => ({ name })),
    repo: { id: repo.id, slug: repo.fullName },
    web_url: `${EXAMPLE_WEB}/${repo.fullName}/changes/${pr.number}`,
    created_at: pr.createdAt,
    updated_at: pr.updatedAt,
    merged_at: pr.mergedAt,
    closed_at: pr.closedAt,
  };
}
