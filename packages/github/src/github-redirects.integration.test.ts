import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseRepoRef, ScmError } from '@scm/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGitHubProvider } from './github-provider.js';

const MOVED_REPOSITORY = {
  id: 42,
  node_id: 'R_42',
  name: 'new-name',
  full_name: 'acme/new-name',
  private: false,
  owner: { login: 'acme', id: 1, type: 'Organization' },
  html_url: 'https://ghe.test/acme/new-name',
  description: null,
  fork: false,
  archived: false,
  default_branch: 'main',
  visibility: 'public',
  created_at: '2024-01-01T00:00:00Z',
  updated_at: '2024-01-02T00:00:00Z',
  pushed_at: '2024-01-02T00:00:00Z',
};

// A moved repository answers 301 to its stable id; the adapter follows it once, within the API
// only, and never sends the token to another origin.
describe('redirects', () => {
  let server: Server;
  let base: string;
  const seen: { path: string; authorization: string | undefined }[] = [];

  beforeAll(async () => {
    server = createServer((request, response) => {
      seen.push({ path: request.url ?? '', authorization: request.headers.authorization });
      const reply = (status: number, headers: Record<string, string>, body = ''): void => {
        response.writeHead(status, { 'content-type': 'application/json', ...headers });
        response.end(body);
      };
      const url = request.url ?? '';
      if (url === '/api/v3/repos/acme/old-name') {
        reply(301, { location: `${base}/repositories/42` });
      } else if (url === '/api/v3/repos/acme/elsewhere') {
        reply(301, { location: `${new URL(base).origin}/repositories/42` });
      } else if (url === '/api/v3/repositories/42') {
        reply(200, {}, JSON.stringify(MOVED_REPOSITORY));
      } else {
        reply(404, {}, '{"message":"Not Found"}');
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v3`;
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  it('follows a moved repository to its stable id with the same credential', async () => {
    const provider = createGitHubProvider({
      auth: { type: 'token', token: 'ghp_redirect_test_token' },
      baseUrl: base,
      retry: { maxRetries: 0 },
    });
    const repo = await provider.getRepository(parseRepoRef('acme/old-name'));
    expect(repo).toMatchObject({ id: '42', fullName: 'acme/new-name' });
    expect(seen.map((entry) => entry.path)).toEqual([
      '/api/v3/repos/acme/old-name',
      '/api/v3/repositories/42',
    ]);
    expect(new Set(seen.map((entry) => entry.authorization))).toEqual(
      new Set(['Bearer ghp_redirect_test_token']),
    );
    await provider.close();
  });

  it('does not follow a redirect that leaves the API', async () => {
    const provider = createGitHubProvider({
      auth: { type: 'token', token: 'ghp_redirect_test_token' },
      baseUrl: base,
      retry: { maxRetries: 0 },
    });
    seen.length = 0;
    const error: unknown = await provider
      .getRepository(parseRepoRef('acme/elsewhere'))
      .catch((caught: unknown) => caught);
    expect(ScmError.isInstance(error) && error.code).toBe('UPSTREAM_UNAVAILABLE');
    expect(seen.map((entry) => entry.path)).toEqual(['/api/v3/repos/acme/elsewhere']);
    expect(JSON.stringify(error)).not.toContain('ghp_redirect_test_token');
    await provider.close();
  });
});
