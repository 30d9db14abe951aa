import type { ScmProvider } from '@scm/core';
import type { AzureClient } from '../azure-client.js';
import { WireRefSchema } from '../azure-schemas.js';
import { mapBranch, mapTag } from '../map-refs.js';

/**
 * Branches and tags: `GET …/refs?filter=heads/` and `?filter=tags/&peelTags=true`, paged with
 * `x-ms-continuationtoken`. `listReleases` is unsupported: Azure Repos has no releases.
 */
export function refsOps(client: AzureClient): Pick<ScmProvider, 'listBranches' | 'listTags'> {
  return {
    async listBranches(repo, query) {
      return client.continuationList(
        WireRefSchema,
        { path: `${client.repo(repo).path}/refs`, query: { filter: 'heads/' } },
        query,
        mapBranch,
      );
    },

    async listTags(repo, query) {
      return client.continuationList(
        WireRefSchema,
        { path: `${client.repo(repo).path}/refs`, query: { filter: 'tags/', peelTags: true } },
        query,
        mapTag,
      );
    },
  };
}
