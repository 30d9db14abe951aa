import type { Route } from '../server/simulator-server.js';
import { createRouteKit, type GitLabRoutesOptions } from './route-kit.js';
import { accountRoutes } from './routes/account.js';
import { ciRoutes } from './routes/ci.js';
import { commitsRoutes } from './routes/commits.js';
import { fileTreeRoutes } from './routes/file-tree.js';
import { hooksRoutes } from './routes/hooks.js';
import { keysRoutes } from './routes/keys.js';
import { organizationsRoutes } from './routes/organizations.js';
import { pullRequestsRoutes } from './routes/pull-requests.js';
import { refsRoutes } from './routes/refs.js';
import { repositoriesRoutes } from './routes/repositories.js';

export type { GitLabProjectHook, GitLabRoutesOptions } from './route-kit.js';
export { hookWants } from './routes/hooks.js';

/**
 * GitLab's OAuth endpoints (gitlab-auth.ts) under `<prefix>/oauth`, and its REST v4 routes over a
 * dataset under `<prefix>/api/v4`, one file per resource group in `routes/` (the adapter's `ops/`
 * groups), each rendering with its `render/` file.
 */
export function gitlabRoutes(options: GitLabRoutesOptions): Route[] {
  const { oauth, prefix } = options;
  const kit = createRouteKit(options);
  return [
    {
      method: 'GET',
      path: `${prefix}/oauth/authorize`,
      handler: (request) => oauth.authorize(request),
    },
    { method: 'POST', path: `${prefix}/oauth/token`, handler: (request) => oauth.token(request) },

    ...accountRoutes(kit),
    ...keysRoutes(kit),
    ...organizationsRoutes(kit),
    ...repositoriesRoutes(kit),
    ...refsRoutes(kit),
    ...commitsRoutes(kit),
    ...pullRequestsRoutes(kit),
    ...ciRoutes(kit),
    ...fileTreeRoutes(kit),
    ...hooksRoutes(kit),
  ];
}
