import type { Route } from '../server/simulator-server.js';
import type { GitHubState } from './github-state.js';
import { createRouteKit } from './route-kit.js';
import { accountRoutes } from './routes/account.js';
import { ciRoutes } from './routes/ci.js';
import { commitsRoutes } from './routes/commits.js';
import { fileTreeRoutes } from './routes/file-tree.js';
import { governanceRoutes } from './routes/governance.js';
import { graphqlRoutes } from './routes/graphql.js';
import { hooksRoutes } from './routes/hooks.js';
import { keysRoutes } from './routes/keys.js';
import { organizationsRoutes } from './routes/organizations.js';
import { pullRequestsRoutes } from './routes/pull-requests.js';
import { refsRoutes } from './routes/refs.js';
import { repositoriesRoutes } from './routes/repositories.js';

/**
 * GitHub's REST routes over the dataset, each under `/` and `/api/v3`: one file per resource group
 * in `routes/` (the adapter's `ops/` groups), each rendering with its `render/` file. The App and
 * OAuth routes are in `github-app-routes.ts`.
 */
export function githubRoutes(state: GitHubState): Route[] {
  const kit = createRouteKit(state);
  return [
    ...accountRoutes(kit),
    ...organizationsRoutes(kit),
    ...keysRoutes(kit),
    ...repositoriesRoutes(kit),
    ...refsRoutes(kit),
    ...commitsRoutes(kit),
    ...pullRequestsRoutes(kit),
    ...ciRoutes(kit),
    ...fileTreeRoutes(kit),
    ...hooksRoutes(kit),
    ...governanceRoutes(kit),
    ...graphqlRoutes(kit),
  ];
}
