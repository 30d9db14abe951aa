import { defineCapabilities } from '@scm/core';

/**
 * GitLab serves every operation. The notes say where its answer differs from the other providers'
 * (see README.md, "Limits").
 */
export const gitlabCapabilities = defineCapabilities({
  listContributors: {
    supported: true,
    notes: 'GitLab counts contributors by git name and email: id and login are null.',
  },
  listReleases: {
    supported: true,
    notes: 'A GitLab release is identified by its tag name (its id here); GitLab has no drafts.',
  },
  listChecks: {
    supported: true,
    notes: 'Commit statuses first, then pipelines for the same commit (kind pipeline).',
  },
  createWebhook: {
    supported: true,
    notes: 'GitLab project hooks have no on/off switch: active must be true.',
  },
});
