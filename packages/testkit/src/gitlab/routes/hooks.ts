import type { Route } from '../../server/simulator-server.js';
import { renderHook } from '../render/hooks.js';
import type { GitLabProjectHook, RouteKit } from '../route-kit.js';
import { gitlabError } from '../wire.js';

/** Whether a hook subscribed to a flag (`push_events` is on unless turned off, as on GitLab). */
export function hookWants(hook: GitLabProjectHook, flag: string): boolean {
  const value = hook.body[flag];
  return typeof value === 'boolean' ? value : flag === 'push_events';
}

/** Project hooks: `POST /projects/:id/hooks`, `GET` and `DELETE /projects/:id/hooks/:hook_id`. */
export function hooksRoutes(kit: RouteKit): Route[] {
  const { state, iso, get, write, withRepo } = kit;
  return [
    write(
      'POST',
      '/projects/:repo/hooks',
      withRepo((request, repo) => {
        const body = (request.body ?? {}) as Record<string, unknown>;
        if (typeof body.url !== 'string' || !/^https?:\/\//.test(body.url))
          return gitlabError(400, '400 Bad request - url is invalid');
        const id = (state.nextId += 1);
        const hook: GitLabProjectHook = { id, repo: repo.id, body, createdAt: iso() };
        state.hooks.set(id, hook);
        return { status: 201, json: renderHook(hook) };
      }),
    ),
    get(
      '/projects/:repo/hooks/:id',
      withRepo((request, repo) => {
        const hook = state.hooks.get(Number(request.params.id));
        if (hook?.repo !== repo.id) return gitlabError(404, '404 Not found');
        return { json: renderHook(hook) };
      }),
    ),
    write(
      'DELETE',
      '/projects/:repo/hooks/:id',
      withRepo((request, repo) => {
        const hook = state.hooks.get(Number(request.params.id));
        if (hook?.repo !== repo.id) return gitlabError(404, '404 Not found');
        state.hooks.delete(hook.id);
        return { status: 204 };
      }),
    ),
  ];
}
