import type { Route } from '../../server/simulator-server.js';
import { uuidFor } from '../bitbucket-dataset.js';
import { renderSshKey } from '../render/keys.js';
import type { RouteKit } from '../route-kit.js';
import { bitbucketError, pageOf } from '../wire-paging.js';

/** `GET /2.0/users/:user/ssh-keys`: the signed-in account's keys, by its UUID or nickname. */
export function keysRoutes(kit: RouteKit): Route[] {
  const { dataset, hosts, paging, route } = kit;
  return [
    route('GET', '/users/:user/ssh-keys', (request) => {
      const user = request.params.user ?? '';
      const viewerUuid = uuidFor('user', dataset.viewer.id);
      if (user !== viewerUuid && user !== dataset.viewer.login)
        return bitbucketError(403, "You may not access this user's keys");
      return pageOf(
        request,
        dataset.viewer.sshKeys.map((key) => renderSshKey(hosts, dataset, key)),
        paging,
      );
    }),
  ];
}
