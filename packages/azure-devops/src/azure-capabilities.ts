import { defineCapabilities } from '@scm/core';

/**
 * What Azure DevOps (REST 7.1) serves. Each operation marked unsupported throws
 * `UNSUPPORTED_ENDPOINT` (see `azure-provider.ts`), never an empty result; the notes of the
 * supported ones say where Azure's answer differs (README.md, "How Azure maps").
 */
export const azureCapabilities = defineCapabilities({
  listContributors: {
    supported: false,
    notes:
      'Azure Repos has no contributors endpoint; counting authors would mean reading the whole history on every page.',
  },
  listReleases: {
    supported: false,
    notes: 'Azure Repos has no releases (Azure Pipelines releases are deployments, not tags).',
  },
  listDeployments: {
    supported: false,
    notes:
      'The Azure DevOps 7.1 descriptions the adapter follows (git, core, hooks, profile) have no deployments; environments live in the distributed task API.',
  },
  listSshKeys: {
    supported: false,
    notes: 'Azure DevOps has no public API for a user’s SSH public keys.',
  },
  listRepositories: {
    supported: true,
    notes:
      'owner is a project (organization/project or project); Azure answers the whole list, paged by the adapter.',
  },
  listOrganizations: {
    supported: true,
    notes: 'The projects of the organization, logins organization/project.',
  },
  getCommitDiff: {
    supported: true,
    notes:
      'Built from the commit changes API and both versions of each file (the items API): one hunk per file.',
  },
  getPullRequestDiff: {
    supported: true,
    notes:
      'From the common commit of the target and the source (diffs/commits), files read as for commits.',
  },
  searchPullRequests: {
    supported: true,
    notes:
      'Without repo, walks the projects; author is matched on the creator’s UPN after fetching.',
  },
  listChecks: {
    supported: true,
    notes:
      'Commit statuses first (ids status-<id>), then pipeline builds of the commit (kind pipeline, ids build-<id>).',
  },
  listFileTree: {
    supported: true,
    notes: 'The items API gives no size or file mode: both are null.',
  },
  getFileContent: {
    supported: true,
    notes:
      'The raw items answer names no object id: sha is null. A tag is given as refs/tags/<name>; any other name is a branch.',
  },
  createWebhook: {
    supported: true,
    notes:
      'One service hook subscription per event type; the id joins their GUIDs. A secret is required.',
  },
});
