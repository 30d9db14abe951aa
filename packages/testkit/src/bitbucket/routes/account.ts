import type { Route } from '../../server/simulator-server.js';
import { renderViewer } from '../render/account.js';
import type { RouteKit } from '../route-kit.js';

/** `GET /2.0/user`: the signed-in account. */
export function accountRoutes(kit: RouteKit): Route[] {
  const { dataset, hosts, route } = kit;
  return [route('GET', '/user', () => ({ json: renderViewer(hosts, dataset) }))];
}
