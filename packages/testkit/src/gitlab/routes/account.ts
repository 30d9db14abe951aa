import type { Route } from '../../server/simulator-server.js';
import type { RouteKit } from '../route-kit.js';
import { gitlabError } from '../wire.js';

/**
 * `GET /user` (a `read_user` token is enough), as the user the token acts as; and
 * `GET`/`DELETE /personal_access_tokens/self`, which every personal access token may call
 * whatever its scopes.
 */
export function accountRoutes(kit: RouteKit): Route[] {
  const { render, route, caller, oauth } = kit;
  const notPersonal = gitlabError(
    400,
    '400 Bad request - This endpoint requires token type to be a personal access token',
  );
  return [
    route('GET', '/user', 'read_user', (request) => ({ json: render.user(caller(request).user) })),
    route('GET', '/personal_access_tokens/self', 'any', (request) => {
      const { pat } = caller(request);
      return pat === null ? notPersonal : { json: oauth.renderPersonalAccessToken(pat) };
    }),
    route('DELETE', '/personal_access_tokens/self', 'any', (request) => {
      const { pat } = caller(request);
      if (pat === null) return notPersonal;
      pat.revoked = true;
      return { status: 204 };
    }),
  ];
}
