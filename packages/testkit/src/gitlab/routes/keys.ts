import type { Route } from '../../server/simulator-server.js';
import type { RouteKit } from '../route-kit.js';
import { offsetPage } from '../wire.js';

/** `GET /user/keys`. */
export function keysRoutes(kit: RouteKit): Route[] {
  const { dataset, render, get, api } = kit;
  return [
    get('/user/keys', (request) =>
      offsetPage(request, dataset.viewer.sshKeys.map(render.sshKey), api()),
    ),
  ];
}
