import type { Route } from '../../server/simulator-server.js';
import { hostsOf, notFound } from '../github-http.js';
import { renderPrivateUser, renderPublicUser } from '../render/account.js';
import { accountFor } from '../render/common.js';
import { USER_ONLY, type RouteKit } from '../route-kit.js';

/** `GET /user` (the viewer) and `GET /users/:username` (any account, organizations included). */
export function accountRoutes(kit: RouteKit): Route[] {
  const { dataset, get } = kit;
  return [
    ...get(
      '/user',
      (request) => ({ json: renderPrivateUser(hostsOf(request), dataset.viewer, dataset) }),
      USER_ONLY,
    ),
    // Organizations are accounts too: `GET /users/:org` answers with `type: "Organization"`.
    ...get('/users/:username', (request) => {
      const login = request.params.username;
      const user = dataset.users.find((candidate) => candidate.login === login);
      if (user !== undefined) return { json: renderPublicUser(hostsOf(request), user) };
      const org = dataset.organizations.find((candidate) => candidate.login === login);
      if (org === undefined) return notFound();
      return {
        json: {
          ...renderPublicUser(hostsOf(request), {
            id: org.id,
            login: org.login,
            name: org.name,
            email: '',
            createdAt: org.createdAt,
          }),
          ...accountFor(dataset, hostsOf(request), org.login),
        },
      };
    }),
  ];
}
