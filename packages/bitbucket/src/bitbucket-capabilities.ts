import { defineCapabilities } from '@scm/core';

/**
 * What Bitbucket Cloud serves, and how. The three unsupported operations are rejected with
 * `UNSUPPORTED_ENDPOINT` (see `bitbucket-provider.ts`), never answered with an empty result.
 */
export const bitbucketCapabilities = defineCapabilities({
  listContributors: {
    supported: false,
    notes: 'Bitbucket Cloud’s REST API 2.0 has no contributors endpoint.',
  },
  listReleases: {
    supported: false,
    notes: 'Bitbucket Cloud has no releases (only tags and file downloads).',
  },
  addLabels: { supported: false, notes: 'Bitbucket Cloud pull requests have no labels.' },
  searchPullRequests: {
    supported: true,
    notes:
      'Needs an author or a repository: Bitbucket searches a workspace’s pull requests by author, so a search by author walks the workspaces of the repositories the user is a member of.',
  },
  listDeployments: {
    supported: true,
    notes:
      'Environment and state filters apply per page, so a page may hold fewer items than the limit. Deployments record a commit, not a ref.',
  },
  listChecks: {
    supported: true,
    notes: 'Build statuses first, then Pipelines runs for the same commit.',
  },
  getFileContent: {
    supported: true,
    notes: 'Bitbucket names no blob id: sha is null. The ref is resolved to its commit first.',
  },
});
