import type { Route } from '../../server/simulator-server.js';
import type { RouteKit } from '../route-kit.js';
import { gitlabError } from '../wire.js';

const GITLAB_VERSION = '17.11.1';
const GITLAB_REVISION = '5a1b9f3c2d4';

/**
 * `GET /version` and `GET /metadata`; `GET /user` (a `read_user` token is enough), as the user the token acts as; and
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
    // The instance's version, as a self-managed instance is probed.
    route('GET', '/version', 'read_user', () => ({
      json: { version: GITLAB_VERSION, revision: GITLAB_REVISION },
    })),
    route('GET', '/metadata', 'read_user', () => ({
      json: {
        version: GITLAB_VERSION,
        revision: GITLAB_REVISION,
        kas: { enabled: false, externalUrl: null, externalK8sProxyUrl: null, version: null },
        enterprise: false,
      },
    })),
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
