import type { Route } from '../../server/simulator-server.js';
import { createRouteKit, type ExampleRoutesOptions } from './route-kit.js';
import { accountRoutes } from './routes/account.js';
import { ciRoutes } from './routes/ci.js';
import { commitsRoutes } from './routes/commits.js';
import { fileTreeRoutes } from './routes/file-tree.js';
import { hooksRoutes } from './routes/hooks.js';
import { organizationsRoutes } from './routes/organizations.js';
import { pullRequestsRoutes } from './routes/pull-requests.js';
import { refsRoutes } from './routes/refs.js';
import { repositoriesRoutes } from './routes/repositories.js';

export type { ExampleRoutesOptions, ExampleTokens } from './route-kit.js';

/**
 * The example API's routes over a dataset, one file per resource in `routes/` (the adapter's
 * `ops/` groups), each rendering with its `render/` file.
 */
export function exampleRoutes(options: ExampleRoutesOptions): Route[] {
  const kit = createRouteKit(options);
  return [
    ...accountRoutes(kit),
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
