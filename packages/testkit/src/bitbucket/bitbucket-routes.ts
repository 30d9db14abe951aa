import type { Route, RouteHandler } from '../server/simulator-server.js';
import type { StoredHook } from './render/hooks.js';
import { createRouteKit, notFound, type BitbucketRoutesOptions } from './route-kit.js';
import { accountRoutes } from './routes/account.js';
import { ciRoutes } from './routes/ci.js';
import { commitsRoutes, commitsTails } from './routes/commits.js';
import { fileTreeTails } from './routes/file-tree.js';
import { hooksRoutes } from './routes/hooks.js';
import { keysRoutes } from './routes/keys.js';
import { organizationsRoutes } from './routes/organizations.js';
import { pullRequestsRoutes } from './routes/pull-requests.js';
import { refsRoutes } from './routes/refs.js';
import { repositoriesRoutes } from './routes/repositories.js';
import { bitbucketError } from './wire-paging.js';

export type { BitbucketRoutesOptions } from './route-kit.js';

const TAIL = /^\/2\.0\/repositories\/([^/]+)\/([^/]+)\/(diff|diffstat|src)\/(.+)$/;

/**
 * The simulated Bitbucket Cloud 2.0 API over a dataset, one file per resource group in `routes/`
 * (the adapter's `ops/` groups), each rendering with its `render/` file.
 */
export function bitbucketRoutes(options: BitbucketRoutesOptions): {
  routes: Route[];
  tail: RouteHandler;
  /** Webhooks created through the API, by UUID. */
  hooks: ReadonlyMap<string, StoredHook>;
} {
  const kit = createRouteKit(options);
  const tails = { ...commitsTails(kit), ...fileTreeTails(kit) };

  /** Paths whose last parameter holds slashes (`/src/{commit}/{path}`, `/diff/ws/slug:a%0Db`). */
  const tail: RouteHandler = kit.authed((request) => {
    const denied = kit.missingScope(request, 'repository');
    if (denied !== undefined) return denied;
    const match = request.method === 'GET' ? TAIL.exec(request.path) : null;
    if (match === null) return notFound('Resource not found');
    const [, rawWorkspace = '', rawSlug = '', kind = '', rawRest = ''] = match;
    let workspace: string;
    let slug: string;
    let rest: string;
    try {
      workspace = decodeURIComponent(rawWorkspace);
      slug = decodeURIComponent(rawSlug);
      rest = decodeURIComponent(rawRest);
    } catch {
      return bitbucketError(400, 'Malformed path');
    }
    const repo = kit.findRepo(workspace, slug);
    if (repo === undefined)
      return notFound('The requested repository either does not exist or you do not have access.');
    return tails[kind as keyof typeof tails](request, repo, rest);
  });

  const routes: Route[] = [
    ...accountRoutes(kit),
    ...organizationsRoutes(kit),
    ...keysRoutes(kit),
    ...repositoriesRoutes(kit),
    ...refsRoutes(kit),
    ...commitsRoutes(kit),
    ...pullRequestsRoutes(kit),
    ...ciRoutes(kit),
    ...hooksRoutes(kit),
  ];
  return { routes, tail, hooks: kit.state.hooks };
}
