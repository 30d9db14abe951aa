import type { Page, Repository, ScmProvider } from '@scm/core';
import type { GitHubClient } from '../github-client.js';
import { nextPage, pageParams, parseTaggedCursor } from '../github-pagination.js';
import {
  WireContributorSchema,
  WireInstallationRepositoriesSchema,
  WireRepositorySchema,
  WireSearchSchema,
  WireUserSchema,
  type WireRepository,
} from '../github-schemas.js';
import { mapContributor, mapRepository } from '../map-repositories.js';

/**
 * Repositories and their contributors: the viewer's (`/user/repos`), an installation's
 * (`/installation/repositories`), an owner's (`/orgs/:org/repos`, `/users/:user/repos`), a search
 * (`/search/repositories`), one repository and its contributors.
 */
export function repositoriesOps(
  client: GitHubClient,
): Pick<ScmProvider, 'listRepositories' | 'getRepository' | 'listContributors'> {
  const map = (wire: WireRepository): Repository => mapRepository(wire, client.context);

  // The viewer's login, asked once (and again after a failure).
  let viewerLogin: Promise<string> | undefined;
  const viewer = (): Promise<string> => {
    viewerLogin ??= client.call(WireUserSchema, { path: '/user' }).then(
      ({ body }) => body.login,
      (error: unknown) => {
        viewerLogin = undefined;
        throw error;
      },
    );
    return viewerLogin;
  };

  return {
    async listRepositories(query) {
      if (query.search !== undefined && query.search !== '') {
        // https://docs.github.com/search-github/searching-on-github/searching-for-repositories
        // ("By default, forks are not shown in search results": `fork:true` adds them).
        const q = [
          query.search,
          'in:name',
          query.owner === undefined ? '' : `user:${query.owner}`,
          query.forks === true ? 'fork:true' : '',
        ]
          .filter((part) => part !== '')
          .join(' ');
        const { body, headers } = await client.call(WireSearchSchema(WireRepositorySchema), {
          path: '/search/repositories',
          query: { q, ...pageParams(query) },
        });
        return { items: body.items.map(map), nextCursor: nextPage(headers) };
      }
      if (query.owner === undefined && client.authType === 'app') {
        // An installation has no user: its repositories are the ones it was granted.
        // https://docs.github.com/rest/apps/installations#list-repositories-accessible-to-the-app-installation
        const { body, headers } = await client.call(WireInstallationRepositoriesSchema, {
          path: '/installation/repositories',
          query: pageParams(query),
        });
        return { items: body.repositories.map(map), nextCursor: nextPage(headers) };
      }
      if (query.owner === undefined) {
        return client.listPage(
          WireRepositorySchema,
          { path: '/user/repos', query: { sort: 'full_name', ...pageParams(query) } },
          map,
        );
      }
      // An owner is an organization (every repository the viewer may see, private ones too), the
      // viewer (their own, private ones too), or another user (their public repositories).
      const owner = encodeURIComponent(query.owner);
      const tagged = parseTaggedCursor(query.cursor, ['org', 'me', 'user'] as const);
      const params = pageParams({ limit: query.limit });
      const page = tagged?.value ?? 1;
      const fetch = async (kind: 'org' | 'me' | 'user'): Promise<Page<Repository>> => {
        const path =
          kind === 'org'
            ? `/orgs/${owner}/repos`
            : kind === 'me'
              ? '/user/repos'
              : `/users/${owner}/repos`;
        const extra =
          kind === 'org' ? { type: 'all' } : kind === 'me' ? { affiliation: 'owner' } : {};
        const result = await client.listPage(
          WireRepositorySchema,
          { path, query: { ...extra, sort: 'full_name', per_page: params.per_page, page } },
          map,
        );
        return {
          items: result.items,
          nextCursor: result.nextCursor === null ? null : `${kind}:${result.nextCursor}`,
        };
      };
      if (tagged !== undefined) return fetch(tagged.tag);
      // One look at the account says which list holds its repositories.
      // https://docs.github.com/rest/users/users#get-a-user
      const { body: account } = await client.call(WireUserSchema, { path: `/users/${owner}` });
      if (account.type === 'Organization') return fetch('org');
      // An installation token has no viewer to compare with.
      if (client.authType === 'app') return fetch('user');
      return fetch((await viewer()) === account.login ? 'me' : 'user');
    },

    async getRepository(repo) {
      const { body } = await client.call(WireRepositorySchema, { path: client.repoPath(repo) });
      return mapRepository(body, client.context);
    },

    async listContributors(repo, query) {
      return client.inRepo(repo, () =>
        client.listPage(
          WireContributorSchema,
          { path: client.repoPath(repo, '/contributors'), query: pageParams(query) },
          mapContributor,
        ),
      );
    },
  };
}
