import { randomUUID } from 'node:crypto';
import type { Route } from '../../../server/simulator-server.js';
import { renderHook } from '../render/hooks.js';
import type { RouteKit } from '../route-kit.js';
import { wireError } from '../wire-paging.js';

/** `POST /repos/:repo/hooks` and `DELETE /repos/:repo/hooks/:id` (404 once deleted). */
export function hooksRoutes(kit: RouteKit): Route[] {
  const { state, iso, post, del, withRepo } = kit;
  return [
    post(
      '/repos/:repo/hooks',
      withRepo((request, repo) => {
        const body = request.body as
          { url?: unknown; events?: unknown; active?: unknown } | undefined;
        if (typeof body?.url !== 'string' || !Array.isArray(body.events)) {
          return wireError(422, 'invalid_request', 'url and events are required');
        }
        const id = randomUUID();
        state.hooks.set(id, { repo: repo.id, id });
        return {
          status: 201,
          json: renderHook({
            id,
            url: body.url,
            events: body.events,
            active: body.active !== false,
            createdAt: iso(),
          }),
        };
      }),
    ),
    del(
      '/repos/:repo/hooks/:id',
      withRepo((request, repo) => {
        const hook = state.hooks.get(request.params.id ?? '');
        if (hook?.repo !== repo.id) return wireError(404, 'not_found', 'No such hook');
        state.hooks.delete(hook.id);
        return { status: 204 };
      }),
    ),
  ];
}
