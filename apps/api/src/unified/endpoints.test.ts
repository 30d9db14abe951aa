import { OPERATIONS } from '@scm/core';
import { describe, expect, it } from 'vitest';
import { SCOPE_NAMES } from '../scopes.js';
import {
  endpointLabel,
  endpointParameters,
  UNIFIED_ENDPOINT_LIST,
  UNIFIED_ENDPOINTS,
} from './endpoints.js';

describe('the unified endpoint table', () => {
  it('lists the endpoints capabilities has always named, in the same order', () => {
    expect(
      UNIFIED_ENDPOINT_LIST.map((endpoint) => [endpointLabel(endpoint), endpoint.operation]),
    ).toEqual([
      ['GET /v1/me', 'getViewer'],
      ['GET /v1/repositories', 'listRepositories'],
      ['GET /v1/repositories/:provider/:repoId', 'getRepository'],
      ['GET /v1/repositories/:provider/:repoId/branches', 'listBranches'],
      ['GET /v1/repositories/:provider/:repoId/commits', 'listCommits'],
      ['GET /v1/repositories/:provider/:repoId/commits/:commitId/diff', 'getCommitDiff'],
      ['GET /v1/repositories/:provider/:repoId/pull-requests', 'listPullRequests'],
      [
        'GET /v1/repositories/:provider/:repoId/pull-requests/:pullRequestId/diff',
        'getPullRequestDiff',
      ],
      ['GET /v1/repositories/:provider/:repoId/contributors', 'listContributors'],
      ['GET /v1/repositories/:provider/:repoId/tags', 'listTags'],
      ['GET /v1/repositories/:provider/:repoId/releases', 'listReleases'],
      ['GET /v1/repositories/:provider/:repoId/checks', 'listChecks'],
      ['GET /v1/repositories/:provider/:repoId/deployments', 'listDeployments'],
      ['GET /v1/repositories/:provider/:repoId/file-tree', 'listFileTree'],
      ['GET /v1/repositories/:provider/:repoId/files/content', 'getFileContent'],
      ['POST /v1/repositories/:provider/:repoId/events/subscribe', 'createWebhook'],
    ]);
  });

  it('keys the list by the usage log endpoint keys', () => {
    expect(UNIFIED_ENDPOINT_LIST.map((endpoint) => endpoint.key)).toEqual(
      Object.keys(UNIFIED_ENDPOINTS),
    );
    expect(UNIFIED_ENDPOINTS['repositories.file-tree'].scope).toBe('read:file-tree');
    // A file's content is code, as a diff is: read:diffs, not the tree's structure scope.
    expect(UNIFIED_ENDPOINTS['repositories.files.content'].scope).toBe('read:diffs');
  });

  it.each(UNIFIED_ENDPOINT_LIST.map((endpoint) => [endpoint.key, endpoint] as const))(
    '%s: names each path parameter, a known scope and operation, and a summary',
    (_key, endpoint) => {
      const segments = [...endpoint.path.matchAll(/:([A-Za-z]+)/g)].map((match) => match[1]);
      expect(endpoint.pathParams.map((param) => param.name)).toEqual(segments);
      expect(SCOPE_NAMES).toContain(endpoint.scope);
      expect(OPERATIONS).toContain(endpoint.operation);
      expect(endpoint.summary).not.toBe('');
      for (const param of endpointParameters(endpoint)) expect(param.description).not.toBe('');
      if (endpoint.method === 'GET') expect(endpoint.body).toBeUndefined();
    },
  );

  it('derives the parameters: path, the described query, then limit and cursor when paged', () => {
    expect(endpointParameters(UNIFIED_ENDPOINTS['repositories.pull-requests'])).toEqual([
      expect.objectContaining({ name: 'provider', in: 'path', required: true }),
      expect.objectContaining({ name: 'repoId', in: 'path', required: true }),
      expect.objectContaining({ name: 'state', in: 'query', required: false }),
      expect.objectContaining({ name: 'limit', in: 'query', required: false }),
      expect.objectContaining({ name: 'cursor', in: 'query', required: false }),
    ]);
    expect(
      endpointParameters(UNIFIED_ENDPOINTS['repositories.commits.diff']).map((p) => p.name),
    ).toEqual(['provider', 'repoId', 'commitId']);
  });

  it('keeps the filters strict where they were: an unknown query parameter is refused', () => {
    expect(UNIFIED_ENDPOINTS['repositories.commits'].query.safeParse({ page: '2' }).success).toBe(
      false,
    );
    expect(UNIFIED_ENDPOINTS['repositories.branches'].query.safeParse({ page: '2' }).success).toBe(
      true,
    );
    expect(UNIFIED_ENDPOINTS['repositories.file-tree'].query.parse({ recursive: '1' })).toEqual({
      recursive: true,
    });
  });
});
