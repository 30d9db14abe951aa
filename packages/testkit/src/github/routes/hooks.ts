import type { Route } from '../../server/simulator-server.js';
import { githubError, hostsOf, notFound, pageOf } from '../github-http.js';
import { renderHook } from '../render/hooks.js';
import type { RouteKit } from '../route-kit.js';

/** Repository webhooks: `POST`, `GET /repos/:owner/:repo/hooks` and `DELETE …/hooks/:hook`. */
export function hooksRoutes(kit: RouteKit): Route[] {
  const { state, iso, repoRoute } = kit;
  return [
    ...repoRoute(
      'POST',
      '/hooks',
      (request, repo) => {
        const body = request.body as
          | { name?: unknown; events?: unknown; active?: unknown; config?: Record<string, unknown> }
          | undefined;
        const url = body?.config?.url;
        if (typeof url !== 'string' || !/^https?:\/\//.test(url))
          return githubError(
            422,
            'Validation Failed',
            'https://docs.github.com/rest/repos/webhooks#create-a-repository-webhook',
          );
        const events = Array.isArray(body?.events)
          ? body.events.filter((event): event is string => typeof event === 'string')
          : ['push'];
        const hook = {
          id: state.nextId(),
          repo: repo.id,
          url,
          events: events.length === 0 ? ['push'] : events,
          active: body?.active !== false,
          contentType:
            typeof body?.config?.content_type === 'string' ? body.config.content_type : 'form',
          insecureSsl:
            typeof body?.config?.insecure_ssl === 'string' ? body.config.insecure_ssl : '0',
          hasSecret: typeof body?.config?.secret === 'string' && body.config.secret !== '',
          createdAt: iso(),
        };
        state.hooks.set(hook.id, hook);
        return { status: 201, json: renderHook(hostsOf(request), repo, hook) };
      },
      { scopes: ['write:repo_hook'] },
    ),
    ...repoRoute(
      'GET',
      '/hooks',
      (request, repo) =>
        pageOf(
          request,
          [...state.hooks.values()]
            .filter((hook) => hook.repo === repo.id)
            .map((hook) => renderHook(hostsOf(request), repo, hook)),
        ),
      { scopes: ['read:repo_hook'] },
    ),
    ...repoRoute(
      'DELETE',
      '/hooks/:hook',
      (request, repo) => {
        const hook = state.hooks.get(Number(request.params.hook));
        if (hook?.repo !== repo.id) return notFound();
        state.hooks.delete(hook.id);
        return { status: 204 };
      },
      { scopes: ['admin:repo_hook'] },
    ),
  ];
}
