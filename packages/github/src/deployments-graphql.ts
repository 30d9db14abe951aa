import {
  assertLimit,
  ScmError,
  type Deployment,
  type DeploymentQuery,
  type Page,
  type RepoRef,
} from '@scm/core';
import { z } from 'zod';
import type { GitHubClient } from './github-client.js';
import type { WireDeployment, WireDeploymentStatus } from './github-schemas.js';
import { mapDeployment } from './map-ci.js';
import { GITHUB_PROVIDER_ID } from './map-common.js';

/**
 * A page of deployments with each one's latest status in one request: the GraphQL
 * `repository.deployments` connection, newest first as the REST list is, `latestStatus` embedded
 * (the REST list has no state, and reading it costs one request per deployment).
 * https://docs.github.com/graphql/reference/objects#deployment
 */
export const DEPLOYMENTS_QUERY = `query ScmDeployments($owner: String!, $name: String!, $first: Int!, $after: String, $environments: [String!]) {
  repository(owner: $owner, name: $name) {
    deployments(first: $first, after: $after, environments: $environments, orderBy: {field: CREATED_AT, direction: DESC}) {
      pageInfo { hasNextPage endCursor }
      nodes {
        databaseId
        commitOid
        ref { name }
        environment
        createdAt
        updatedAt
        creator { login }
        latestStatus { state createdAt environmentUrl logUrl }
      }
    }
  }
}`;

const NodeSchema = z.object({
  databaseId: z.number(),
  commitOid: z.string(),
  ref: z.object({ name: z.string() }).nullish(),
  environment: z.string().nullish(),
  createdAt: z.string(),
  updatedAt: z.string(),
  creator: z.object({ login: z.string() }).nullish(),
  latestStatus: z
    .object({
      state: z.string(),
      createdAt: z.string().nullish(),
      environmentUrl: z.string().nullish(),
      logUrl: z.string().nullish(),
    })
    .nullish(),
});

const DataSchema = z.object({
  repository: z
    .object({
      deployments: z.object({
        pageInfo: z.object({ hasNextPage: z.boolean(), endCursor: z.string().nullish() }),
        nodes: z.array(NodeSchema.nullable()),
      }),
    })
    .nullable(),
});

/** Our cursor over GraphQL's: `g:<endCursor>` (GitHub's cursors are short base64 strings). */
const CURSOR = /^g:([A-Za-z0-9+/=_-]{1,200})$/;
const MAX_FIRST = 100;

function invalidCursor(): ScmError {
  return new ScmError('INVALID_CURSOR', { provider: GITHUB_PROVIDER_ID });
}

export async function deploymentsByGraphQL(
  client: GitHubClient,
  repo: Extract<RepoRef, { kind: 'path' }>,
  query: DeploymentQuery,
): Promise<Page<Deployment>> {
  assertLimit(query.limit);
  let after: string | null = null;
  if (query.cursor !== undefined) {
    const match = CURSOR.exec(query.cursor);
    if (match === null) throw invalidCursor();
    after = match[1] ?? null;
  }
  // A repository GraphQL cannot resolve is told apart the REST way (one look at it), so the
  // error is the same REPOSITORY_NOT_FOUND the other listings give.
  const repository = await client.inRepo(repo, async () => {
    const data = await client.graphql(DataSchema, DEPLOYMENTS_QUERY, {
      owner: repo.owner,
      name: repo.name,
      first: Math.min(query.limit, MAX_FIRST),
      after,
      environments: query.environment === undefined ? null : [query.environment],
    });
    if (data.repository === null)
      throw new ScmError('RESOURCE_NOT_FOUND', {
        provider: GITHUB_PROVIDER_ID,
        message: `GitHub GraphQL found no repository ${repo.fullPath.slice(0, 200)}.`,
      });
    return data.repository;
  });
  const { nodes, pageInfo } = repository.deployments;
  const deployments = nodes
    .filter((node) => node !== null)
    .map((node) => {
      // The REST shapes the mapping reads (the creator's login only); `raw` is the GraphQL node.
      const wire: WireDeployment = {
        id: node.databaseId,
        sha: node.commitOid,
        ref: node.ref?.name ?? node.commitOid,
        environment: node.environment ?? '',
        creator: node.creator ? { login: node.creator.login, id: 0 } : null,
        created_at: node.createdAt,
        updated_at: node.updatedAt,
      };
      const latest: WireDeploymentStatus | undefined =
        node.latestStatus === null || node.latestStatus === undefined
          ? undefined
          : {
              id: 0,
              state: node.latestStatus.state.toLowerCase(),
              created_at: node.latestStatus.createdAt ?? undefined,
              environment_url: node.latestStatus.environmentUrl,
              log_url: node.latestStatus.logUrl,
            };
      const mapped = mapDeployment(wire, latest, client.context);
      return client.context.includeRaw ? { ...mapped, raw: node } : mapped;
    });
  const endCursor = pageInfo.endCursor;
  return {
    // GitHub cannot filter deployments by state; a filtered page may come back short.
    items:
      query.state === undefined
        ? deployments
        : deployments.filter((deployment) => deployment.state === query.state),
    nextCursor:
      pageInfo.hasNextPage && typeof endCursor === 'string' && CURSOR.test(`g:${endCursor}`)
        ? `g:${endCursor}`
        : null,
  };
}
