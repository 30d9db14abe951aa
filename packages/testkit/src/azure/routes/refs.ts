import type { Route } from '../../server/simulator-server.js';
import { continuationPage } from '../azure-wire.js';
import { refsOf, renderRef } from '../render/refs.js';
import type { AzureRouteKit } from '../route-kit.js';

/**
 * `Refs_List`: `filter` is a prefix after `refs/` (`heads/`, `tags/`), `filterContains` a
 * substring; `$top` pages with `continuationToken` and the `x-ms-continuationtoken` header
 * (https://learn.microsoft.com/en-us/rest/api/azure/devops/git/refs/list?view=azure-devops-rest-7.1).
 */
export function refsRoutes(kit: AzureRouteKit): Route[] {
  return kit.repoRoutes('GET', '/refs', (request, repo) => {
    const prefix = `refs/${request.query.filter ?? ''}`;
    const contains = request.query.filterContains;
    const peel = request.query.peelTags === 'true';
    const refs = refsOf(kit, repo).filter(
      (ref) =>
        ref.name.startsWith(prefix) && (contains === undefined || ref.name.includes(contains)),
    );
    const response = continuationPage(request, refs, (ref) => ref.name, 1000);
    const body = response.json as { value?: typeof refs } | undefined;
    if (body?.value === undefined) return response;
    return {
      ...response,
      json: { ...body, value: body.value.map((ref) => renderRef(kit, repo, ref, peel)) },
    };
  });
}
