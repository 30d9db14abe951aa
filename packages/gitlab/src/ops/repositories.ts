import { ScmError, type ScmProvider } from '@scm/core';
import type { GitLabClient } from '../gitlab-client.js';
import { WireContributorSchema, WireProjectSchema } from '../gitlab-schemas.js';
import { mapContributor, mapRepository } from '../map-repositories.js';

/**
 * Projects and their contributors: `/projects` (keyset), a group's or a user's projects,
 * `/projects/:id`, `/projects/:id/repository/contributors`.
 */
export function repositoriesOps(
  client: GitLabClient,
): Pick<ScmProvider, 'listRepositories' | 'getRepository' | 'listContributors'> {
  return {
    async listRepositories(query) {
      if (query.owner === undefined || query.owner === '') {
        // Keyset pagination (order_by=id) keeps deep pages cheap and stable under inserts.
        return client.keysetPage(
          WireProjectSchema,
          {
            path: '/projects',
            query: { membership: true, order_by: 'id', sort: 'asc', search: query.search },
          },
          query,
          'id_after',
          mapRepository,
        );
      }
      const owner = query.owner;
      const filters = { order_by: 'id', sort: 'asc', search: query.search };
      try {
        // A group's own projects, not those shared with it or in its subgroups, so every
        // repository's owner is the group asked for.
        return await client.offsetPage(
          WireProjectSchema,
          {
            path: `/groups/${encodeURIComponent(owner)}/projects`,
            query: { ...filters, with_shared: false, include_subgroups: false },
          },
          query,
          mapRepository,
        );
      } catch (error) {
        const notFound =
          ScmError.isInstance(error) &&
          (error.code === 'RESOURCE_NOT_FOUND' || error.code === 'REPOSITORY_NOT_FOUND');
        if (!notFound || owner.includes('/')) throw error;
      }
      return client.offsetPage(
        WireProjectSchema,
        { path: `/users/${encodeURIComponent(owner)}/projects`, query: filters },
        query,
        mapRepository,
      );
    },

    async getRepository(repo) {
      return mapRepository(
        await client.call(WireProjectSchema, { path: client.projectPath(repo) }),
        client.context,
      );
    },

    async listContributors(repo, query) {
      return client.offsetPage(
        WireContributorSchema,
        {
          path: client.projectPath(repo, '/repository/contributors'),
          query: { order_by: 'commits', sort: 'desc' },
        },
        query,
        mapContributor,
      );
    },
  };
}
