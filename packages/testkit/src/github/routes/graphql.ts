import { deploymentsFor, findRepository } from '../../dataset/queries.js';
import type { Route, SimulatorResponse } from '../../server/simulator-server.js';
import { hostsOf } from '../github-http.js';
import { byNewest, type RouteKit } from '../route-kit.js';

// GitHub's cursors are opaque base64; the simulator's encode an offset.
const encodeCursor = (offset: number): string =>
  Buffer.from(`cursor:v2:${offset}`).toString('base64');
function decodeCursor(cursor: unknown): number | undefined {
  if (cursor === null || cursor === undefined) return 0;
  if (typeof cursor !== 'string') return undefined;
  const match = /^cursor:v2:(\d{1,9})$/.exec(Buffer.from(cursor, 'base64').toString('utf8'));
  return match === null ? undefined : Number(match[1]) + 1;
}

const answer = (json: unknown): SimulatorResponse => ({ status: 200, json });
const graphqlError = (message: string, type?: string): SimulatorResponse =>
  answer({ data: null, errors: [{ message, ...(type === undefined ? {} : { type }) }] });

/**
 * `POST /graphql` (and GHES's `/api/graphql`) for the one query the adapter sends: a repository's
 * `deployments` connection with each deployment's `latestStatus`, newest first, filtered by
 * `environments`, paged by `first`/`after`. Any other query is answered with a GraphQL error, as
 * a schema GitHub did not have would be. Auth and the rate limit are the REST routes'.
 */
export function graphqlRoutes(kit: RouteKit): Route[] {
  const { dataset, on } = kit;
  const routes = on('POST', '/graphql', (request) => {
    const body = (request.body ?? {}) as { query?: unknown; variables?: unknown };
    const query = typeof body.query === 'string' ? body.query : '';
    const variables = (body.variables ?? {}) as Record<string, unknown>;
    if (!/\brepository\s*\(/.test(query) || !/\bdeployments\s*\(/.test(query))
      return graphqlError('The simulator answers only the repository deployments query.');
    const owner = typeof variables.owner === 'string' ? variables.owner : '';
    const name = typeof variables.name === 'string' ? variables.name : '';
    const repo = findRepository(dataset, `${owner}/${name}`);
    if (repo === undefined)
      return answer({
        data: { repository: null },
        errors: [
          {
            type: 'NOT_FOUND',
            path: ['repository'],
            message: `Could not resolve to a Repository with the name '${owner}/${name}'.`,
          },
        ],
      });
    const first = variables.first;
    if (typeof first !== 'number' || !Number.isInteger(first) || first < 1 || first > 100)
      return graphqlError('`first` must be between 1 and 100.');
    const offset = decodeCursor(variables.after);
    if (offset === undefined) return graphqlError('`after` is not a valid cursor.');
    const environments = Array.isArray(variables.environments)
      ? (variables.environments as unknown[]).filter((env) => typeof env === 'string')
      : undefined;
    const all = deploymentsFor(repo)
      .filter(
        (deployment) => environments === undefined || environments.includes(deployment.environment),
      )
      .sort(byNewest);
    const slice = all.slice(offset, offset + first);
    const hosts = hostsOf(request);
    const nodes = slice.map((deployment) => {
      const latest = deployment.statuses[deployment.statuses.length - 1];
      const target = `${hosts.web}/${repo.fullName}/deployments/${deployment.environment}`;
      return {
        databaseId: deployment.id,
        commitOid: deployment.sha,
        ref: { name: deployment.ref },
        environment: deployment.environment,
        createdAt: deployment.createdAt,
        updatedAt: deployment.updatedAt,
        creator: { login: deployment.creator },
        latestStatus:
          latest === undefined
            ? null
            : {
                state: latest.state.toUpperCase(),
                createdAt: latest.createdAt,
                environmentUrl: target,
                logUrl: target,
              },
      };
    });
    return answer({
      data: {
        repository: {
          deployments: {
            pageInfo: {
              hasNextPage: offset + slice.length < all.length,
              endCursor: slice.length === 0 ? null : encodeCursor(offset + slice.length - 1),
            },
            nodes,
          },
        },
      },
    });
  });
  // GitHub.com: `/graphql`; GHES: `/api/graphql` (its REST root is `/api/v3`).
  return [
    ...routes.filter((route) => !route.path.startsWith('/api/v3')),
    ...routes
      .filter((route) => !route.path.startsWith('/api/v3'))
      .map((route) => ({ ...route, path: '/api/graphql' })),
  ];
}
