import type { Route } from '../../../server/simulator-server.js';
import { renderUser } from '../render/account.js';
import type { RouteKit } from '../route-kit.js';

/** `GET /me`. */
export function accountRoutes(kit: RouteKit): Route[] {
  const { dataset, get } = kit;
  return [get('/me', () => ({ json: { user: renderUser(dataset.viewer) } }))];
}
