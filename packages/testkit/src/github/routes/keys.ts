import type { Route } from '../../server/simulator-server.js';
import { hostsOf, pageOf } from '../github-http.js';
import { renderKey } from '../render/keys.js';
import { USER_ONLY, type RouteKit } from '../route-kit.js';

/** `GET /user/keys`: the viewer's SSH keys. */
export function keysRoutes(kit: RouteKit): Route[] {
  const { dataset, get } = kit;
  return get(
    '/user/keys',
    (request) =>
      pageOf(
        request,
        dataset.viewer.sshKeys.map((key) => renderKey(hostsOf(request), key)),
      ),
    { ...USER_ONLY, scopes: ['read:public_key'] },
  );
}
