import type { ScmProvider } from '@scm/core';
import type { AzureClient } from '../azure-client.js';
import { skipOf, offsetPage } from '../azure-pagination.js';
import { WireRepositorySchema } from '../azure-schemas.js';
import { assertLimit } from '@scm/core';
import { mapRepository } from '../map-repositories.js';

/** `organization/project` or `project` → the project. */
function projectOf(client: AzureClient, owner: string): string {
  const prefix = `${client.location.organization}/`;
  return owner.toLowerCase().startsWith(prefix.toLowerCase()) ? owner.slice(prefix.length) : owner;
}

/**
 * Repositories: `GET _apis/git/repositories` (the organization's, or one project's with `owner`)
 * and `GET …/git/repositories/{repository}`. Azure answers the whole list at once: the adapter
 * filters `search` (a case-insensitive substring of the name) and pages it with a skip cursor.
 * `listContributors` is unsupported (`azureCapabilities`).
 */
export function repositoriesOps(
  client: AzureClient,
): Pick<ScmProvider, 'listRepositories' | 'getRepository'> {
  return {
    async listRepositories(query) {
      assertLimit(query.limit);
      const skip = skipOf(query.cursor);
      const path =
        query.owner === undefined || query.owner === ''
          ? '/_apis/git/repositories'
          : `/${client.projectSegment(projectOf(client, query.owner))}/_apis/git/repositories`;
      const { items } = await client.fetchList(WireRepositorySchema, { path });
      const search = query.search?.toLowerCase();
      const matching = items
        .filter((repo) => search === undefined || repo.name.toLowerCase().includes(search))
        .sort((a, b) =>
          `${a.project.name}/${a.name}`.localeCompare(`${b.project.name}/${b.name}`, 'en'),
        );
      const page = offsetPage(matching.slice(skip, skip + query.limit + 1), query);
      return {
        items: page.items.map((repo) => mapRepository(repo, client.context)),
        nextCursor: page.nextCursor,
      };
    },

    async getRepository(repo) {
      return mapRepository(
        await client.call(WireRepositorySchema, { path: client.repo(repo).path }),
        client.context,
      );
    },
  };
}
