import { defineCapabilities } from '@scm/core';

/**
 * Every operation is served, so the factory rejects none; these notes say where GitHub differs
 * from the other providers.
 */
export const githubCapabilities = defineCapabilities({
  listTags: {
    supported: true,
    notes: 'GitHub’s tag list carries no annotation or date: message and createdAt are null.',
  },
  listChecks: {
    supported: true,
    notes: 'Check runs first, then the latest commit status of each context.',
  },
  searchPullRequests: {
    supported: true,
    notes:
      'Through the issue search API (30 requests a minute); results carry no branches or head sha.',
  },
  listSshKeys: { supported: true, notes: 'GitHub returns no key fingerprint.' },
});
