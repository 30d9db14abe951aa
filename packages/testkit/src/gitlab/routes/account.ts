import type { Route } from '../../server/simulator-server.js';
import type { RouteKit } from '../route-kit.js';

/** `GET /user` (a `read_user` token is enough). */
export function accountRoutes(kit: RouteKit): Route[] {
  const { dataset, render, route } = kit;
  return [
    route('GET', '/user', 'read_user', () => {
      const user = dataset.users.find((candidate) => candidate.login === dataset.viewer.login);
      return { json: render.user(user ?? dataset.viewer) };
    }),
  ];
}
