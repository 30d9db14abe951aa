import type { Route } from '../server/simulator-server.js';
import { accountRoutes } from './routes/account.js';
import { ciRoutes } from './routes/ci.js';
import { commitsRoutes } from './routes/commits.js';
import { fileTreeRoutes } from './routes/file-tree.js';
import { hooksRoutes } from './routes/hooks.js';
import { organizationsRoutes } from './routes/organizations.js';
import { pullRequestsRoutes } from './routes/pull-requests.js';
import { refsRoutes } from './routes/refs.js';
import { repositoriesRoutes } from './routes/repositories.js';
import type { AzureRouteKit } from './route-kit.js';

/**
 * The simulated Azure DevOps REST API (7.1) over the Azure world, one file per resource group in
 * `routes/` (the adapter's `ops/` groups), each rendering with its `render/` file.
 */
export function azureRoutes(kit: AzureRouteKit): Route[] {
  return [
    ...accountRoutes(kit),
    ...organizationsRoutes(kit),
    ...repositoriesRoutes(kit),
    ...refsRoutes(kit),
    ...commitsRoutes(kit),
    ...fileTreeRoutes(kit),
    ...pullRequestsRoutes(kit),
    ...ciRoutes(kit),
    ...hooksRoutes(kit),
  ];
}
