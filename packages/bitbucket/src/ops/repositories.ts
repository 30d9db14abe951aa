import type { ScmProvider } from '@scm/core';
import { bbqlString, isWorkspaceSlug, type BitbucketClient } from '../bitbucket-client.js';
import { invalidRequest } from '../bitbucket-errors.js';
import { pageParams } from '../bitbucket-pagination.js';
import { WireRepositorySchema, wirePageSchema } from '../bitbucket-schemas.js';
import { mapRepository } from '../map-repositories.js';

const RepositoryPage = wirePageSchema(WireRepositorySchema);

/**
 * The repositories the user is a member of (`GET /repositories[/{workspace}]`, a name search in
 * BBQL) and one repository. `listContributors` is unsupported: Bitbucket has no such endpoint.
 */
export function repositoriesOps(
  client: BitbucketClient,
): Pick<ScmProvider, 'listRepositories' | 'getRepository'> {
  return {
    async listRepositories(query) {
      if (query.owner !== undefined && !isWorkspaceSlug(query.owner))
        throw invalidRequest('owner must be a Bitbucket workspace slug');
      return client.listPage(
        RepositoryPage,
        {
          path: query.owner === undefined ? '/repositories' : `/repositories/${query.owner}`,
          query: {
            ...pageParams(query),
            role: 'member',
            q: query.search === undefined ? undefined : `name ~ ${bbqlString(query.search)}`,
          },
        },
        mapRepository,
      );
    },

    async getRepository(repo) {
      return mapRepository(await client.getRepository(repo), client.context);
    },
  };
}
