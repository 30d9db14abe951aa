import type { DatasetPullRequest, DatasetRepository } from '../../dataset/types.js';
import { guidFor } from '../azure-dataset.js';
import type { AzureRouteKit } from '../route-kit.js';
import { renderIdentity, renderProject, repositoryUrl, repositoryWebUrl } from './common.js';

/** Azure's pull request status for a dataset state. */
export const PULL_REQUEST_STATUS = {
  open: 'active',
  merged: 'completed',
  closed: 'abandoned',
} as const;

/** A `WebApiTagDefinition`: what Azure calls a pull request label. */
export function renderLabel(kit: AzureRouteKit, name: string): Record<string, unknown> {
  const id = guidFor('label', name);
  return { id, name, active: true, url: `${kit.collectionUrl()}/_apis/tags/${id}` };
}

export function labelsOf(kit: AzureRouteKit, pr: DatasetPullRequest): string[] {
  return [...new Set([...pr.labels, ...(kit.state.labels.get(pr.number) ?? [])])];
}

/** A `GitPullRequest` as the list and read answer. */
export function renderPullRequest(
  kit: AzureRouteKit,
  repo: DatasetRepository,
  pr: DatasetPullRequest,
): Record<string, unknown> {
  const url = `${repositoryUrl(kit, repo)}/pullRequests/${String(pr.number)}`;
  const status = PULL_REQUEST_STATUS[pr.state];
  const labels = labelsOf(kit, pr);
  return {
    repository: {
      id: repo.uuid.replace(/[{}]/g, ''),
      name: repo.name,
      url: repositoryUrl(kit, repo),
      project: renderProject(kit, kit.projectOf(repo)),
    },
    pullRequestId: pr.number,
    codeReviewId: pr.number,
    status,
    createdBy: renderIdentity(kit, pr.author),
    creationDate: pr.createdAt,
    ...(pr.closedAt === null && pr.mergedAt === null
      ? {}
      : { closedDate: pr.mergedAt ?? pr.closedAt }),
    title: pr.title,
    ...(pr.body === null || pr.body === '' ? {} : { description: pr.body }),
    sourceRefName: `refs/heads/${pr.sourceBranch}`,
    targetRefName: `refs/heads/${pr.targetBranch}`,
    mergeStatus: 'succeeded',
    isDraft: pr.draft,
    mergeId: guidFor('merge', pr.number),
    lastMergeSourceCommit: {
      commitId: pr.headSha,
      url: `${repositoryUrl(kit, repo)}/commits/${pr.headSha}`,
    },
    lastMergeTargetCommit: {
      commitId: pr.baseSha,
      url: `${repositoryUrl(kit, repo)}/commits/${pr.baseSha}`,
    },
    reviewers: [],
    ...(labels.length === 0 ? {} : { labels: labels.map((name) => renderLabel(kit, name)) }),
    url,
    supportsIterations: true,
    artifactId: `vstfs:///Git/PullRequestId/${kit.projectOf(repo).id}%2f${repo.uuid.replace(/[{}]/g, '')}%2f${String(pr.number)}`,
    _links: {
      web: { href: `${repositoryWebUrl(kit, repo)}/pullrequest/${String(pr.number)}` },
    },
  };
}
