import type { ScmProvider } from '@scm/core';
import type { ExampleClient } from '../example-client.js';
import { pageParams } from '../example-pagination.js';
import { WireContributorSchema, WireRepositorySchema, wirePageSchema } from '../example-schemas.js';
import { mapContributor, mapRepository } from '../map-repositories.js';

const RepositoryPage = wirePageSchema(WireRepositorySchema);
const ContributorPage = wirePageSchema(WireContributorSchema);

/** Repositories and their contributors: `/repos`, `/repos/:repo`, `/repos/:repo/contributors`. */
export function repositoriesOps(
  client: ExampleClient,
): Pick<ScmProvider, 'listRepositories' | 'getRepository' | 'listContributors'> {
  return {
    async listRepositories(query) {
      return client.listPage(
        RepositoryPage,
        { path: '/repos', query: { ...pageParams(query), owner: query.owner, q: query.search } },
        mapRepository,
      );
    },

    async getRepository(repo) {
      const wire = await client.call(WireRepositorySchema, { path: client.repoPath(repo) });
      return mapRepository(wire, client.context);
    },

    async listContributors(repo, query) {
      return client.listPage(
        ContributorPage,
        { path: client.repoPath(repo, '/contributors'), query: pageParams(query) },
        mapContributor,
      );
    },
  };
}
