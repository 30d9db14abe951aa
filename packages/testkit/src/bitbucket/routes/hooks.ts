import { randomUUID } from 'node:crypto';
import type { Route } from '../../server/simulator-server.js';
import { renderHook, type StoredHook } from '../render/hooks.js';
import { notFound, type RouteKit } from '../route-kit.js';
import { bitbucketError, pageOf } from '../wire-paging.js';

/**
 * Repository webhooks: `GET`/`POST /2.0/repositories/:workspace/:slug/hooks` and
 * `GET`/`DELETE …/hooks/:uid`. A hook created here keeps its secret, to sign the deliveries the
 * simulator sends it.
 */
export function hooksRoutes(kit: RouteKit): Route[] {
  const { hosts, state, paging, iso, repoRoute } = kit;
  return [
    repoRoute('GET', '/hooks', (request, repo) =>
      pageOf(
        request,
        [...state.hooks.values()]
          .filter((hook) => hook.repo.id === repo.id)
          .map((hook) => renderHook(hosts, hook)),
        paging,
      ),
    ),
    repoRoute('POST', '/hooks', (request, repo) => {
      const body = request.body as Record<string, unknown> | undefined;
      const events = body?.events;
      if (
        typeof body?.url !== 'string' ||
        !Array.isArray(events) ||
        events.length === 0 ||
        !events.every((event) => typeof event === 'string' && event.includes(':'))
      )
        return bitbucketError(400, 'url and events are required');
      const hook: StoredHook = {
        uuid: `{${randomUUID()}}`,
        repo,
        url: body.url,
        description: typeof body.description === 'string' ? body.description : '',
        events: events as string[],
        active: body.active !== false,
        secretSet: typeof body.secret === 'string' && body.secret !== '',
        secret: typeof body.secret === 'string' && body.secret !== '' ? body.secret : null,
        createdAt: iso(),
      };
      state.hooks.set(hook.uuid, hook);
      return { status: 201, json: renderHook(hosts, hook) };
    }),
    repoRoute('GET', '/hooks/:uid', (request, repo) => {
      const hook = state.hooks.get(request.params.uid ?? '');
      if (hook?.repo.id !== repo.id) return notFound('Webhook not found');
      return { json: renderHook(hosts, hook) };
    }),
    repoRoute('DELETE', '/hooks/:uid', (request, repo) => {
      const hook = state.hooks.get(request.params.uid ?? '');
      if (hook?.repo.id !== repo.id) return notFound('Webhook not found');
      state.hooks.delete(hook.uuid);
      return { status: 204 };
    }),
  ];
}
