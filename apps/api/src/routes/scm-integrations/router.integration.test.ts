import { createHash } from 'node:crypto';
import { startGitHubSimulator, type GitHubSimulator } from '@scm/testkit/github';
import { startGitLabSimulator, type GitLabSimulator } from '@scm/testkit/gitlab';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { githubSimulatorHost, gitlabSimulatorHost } from '../../../demo/simulator-hosts.js';
import { dumpDatabase } from '../../test-support/dump.js';
import { joinTenant, signUpDeveloper } from '../../test-support/flows.js';
import { startTestGateway, type TestGateway } from '../../test-support/gateway.js';
import { call, type CallResult } from '../../test-support/http.js';

interface ScmIntegration {
  id: string;
  scm_type: string;
  url: string;
  created_at: string;
  uid: string;
  username: string;
  avatar_url: string | null;
  email: string | null;
  profile_url: string | null;
  owner: { id: string; email: string; username: string } | null;
}
interface SshKey {
  id: string;
  name: string;
  content: string;
  fingerprint: string;
  created_at: string;
  owner: { id: string; email: string; username: string };
}

const FIELDS = [
  'avatar_url',
  'created_at',
  'email',
  'id',
  'owner',
  'profile_url',
  'scm_type',
  'uid',
  'url',
  'username',
];

const bearer = (token: string) => ({ headers: { authorization: `Bearer ${token}` } });

function expectError(response: CallResult, status: number, code: string, message?: RegExp) {
  expect(response.status, response.text).toBe(status);
  const { error } = response.json<{ error: { code: string; message: string } }>();
  expect(error.code).toBe(code);
  if (message !== undefined) expect(error.message).toMatch(message);
}

/** `ssh-keygen -E md5 -lf`: MD5 of the base64-decoded key body, hex pairs joined by `:`. */
function md5Fingerprint(content: string): string {
  const body = content.trim().split(/\s+/)[1] ?? '';
  const hex = createHash('md5').update(Buffer.from(body, 'base64')).digest('hex');
  return (hex.match(/../g) ?? []).join(':');
}

// Scalingo's SCM integrations (seed 004) against a GitHub Enterprise Server and a self-hosted
// GitLab (under a path prefix), both simulated and registered at run time by URL.
describe('Scalingo /v1/scm_integrations', () => {
  let github: GitHubSimulator;
  let ghes: GitHubSimulator;
  let gitlab: GitLabSimulator;
  let selfHosted: GitLabSimulator;
  let gw: TestGateway;
  let closed: TestGateway;
  let owner: { token: string; tenantId: string };
  let gitlabToken: string;
  let ghesIntegration: ScmIntegration;
  let gitlabIntegration: ScmIntegration;
  const tokens: string[] = [];

  const create = (session: string, body: unknown, gateway = gw) =>
    call('POST', `${gateway.url}/v1/scm_integrations`, { ...bearer(session), json: body });
  const get = (session: string, path: string) =>
    call('GET', `${gw.url}/v1/${path}`, bearer(session));
  const post = (session: string, path: string) =>
    call('POST', `${gw.url}/v1/${path}`, bearer(session));

  beforeAll(async () => {
    [github, ghes, gitlab, selfHosted] = await Promise.all([
      startGitHubSimulator({ seed: 171 }),
      startGitHubSimulator({ seed: 172 }),
      startGitLabSimulator({ seed: 173 }),
      startGitLabSimulator({ seed: 174, pathPrefix: '/gitlab' }),
    ]);
    const providerHosts = [githubSimulatorHost(github), gitlabSimulatorHost(gitlab)];
    gw = await startTestGateway({ providerHosts });
    // An operator who allow-lists nothing: only public https hosts.
    closed = await startTestGateway({ providerHosts, env: { SGG_PRIVATE_HOSTS: '' } });
    owner = await signUpDeveloper(gw);
    gitlabToken = selfHosted.issuePersonalAccessToken({ scopes: ['api', 'read_repository'] });
    tokens.push(ghes.token, gitlabToken);
  });
  afterAll(async () => {
    await Promise.all([gw.close(), closed.close()]);
    await Promise.all([github.stop(), ghes.stop(), gitlab.stop(), selfHosted.stop()]);
  });

  it('links a GitHub Enterprise and a self-hosted GitLab: 201 with the identity read from the instance', async () => {
    // The seed's body, wrapped in "scm_integration".
    const created = await create(owner.token, {
      scm_integration: {
        scm_type: 'github-enterprise',
        url: ghes.webUrl,
        access_token: ghes.token,
      },
    });
    expect(created.status, created.text).toBe(201);
    ghesIntegration = created.json<{ scm_integration: ScmIntegration }>().scm_integration;
    expect(Object.keys(ghesIntegration).sort()).toEqual(FIELDS);
    const ghesViewer = ghes.dataset.viewer;
    expect(ghesIntegration).toMatchObject({
      scm_type: 'github-enterprise',
      url: ghes.webUrl,
      uid: String(ghesViewer.id),
      username: ghesViewer.login,
      owner: { email: expect.stringContaining('@example.com') as unknown, username: 'Dev' },
    });
    expect(ghesIntegration.profile_url).toBe(`${ghes.webUrl}/${ghesViewer.login}`);
    expect(new Date(ghesIntegration.created_at).toISOString()).toBe(ghesIntegration.created_at);

    // The same fields at the top level; a trailing slash on the URL is the same instance.
    const gitlabCreated = await create(owner.token, {
      scm_type: 'gitlab-self-hosted',
      url: `${selfHosted.baseUrl}/`,
      access_token: gitlabToken,
    });
    expect(gitlabCreated.status, gitlabCreated.text).toBe(201);
    gitlabIntegration = gitlabCreated.json<{ scm_integration: ScmIntegration }>().scm_integration;
    expect(Object.keys(gitlabIntegration).sort()).toEqual(FIELDS);
    expect(gitlabIntegration).toMatchObject({
      scm_type: 'gitlab-self-hosted',
      url: selfHosted.baseUrl,
      username: selfHosted.dataset.viewer.login,
    });

    const list = await get(owner.token, 'scm_integrations');
    expect(list.status, list.text).toBe(200);
    expect(list.json<{ scm_integrations: ScmIntegration[] }>().scm_integrations).toEqual([
      ghesIntegration,
      gitlabIntegration,
    ]);
    const one = await get(owner.token, `scm_integrations/${gitlabIntegration.id}`);
    expect(one.status, one.text).toBe(200);
    expect(one.json()).toEqual({ scm_integration: gitlabIntegration });
    for (const response of [created, gitlabCreated, list, one])
      for (const token of tokens) expect(response.text).not.toContain(token);
  });

  it('answers 422 naming the field for an invalid scm_type, url or access_token', async () => {
    const cases: [unknown, RegExp][] = [
      [{ scm_type: 'bitbucket', url: ghes.webUrl, access_token: 'x' }, /scm_type/],
      [{ url: ghes.webUrl, access_token: 'x' }, /scm_type/],
      [
        { scm_type: 'github', url: github.webUrl, access_token: 'x' },
        /scm_type.*OAuth connect flow.*GET \/v1\/auth\/github\/start/,
      ],
      [
        { scm_type: 'gitlab', url: gitlab.baseUrl, access_token: 'x' },
        /scm_type.*GET \/v1\/auth\/gitlab\/start/,
      ],
      [{ scm_type: 'github-enterprise', url: ghes.webUrl }, /access_token/],
      [{ scm_type: 'github-enterprise', url: ghes.webUrl, access_token: '' }, /access_token/],
      [{ scm_type: 'github-enterprise', url: 'not a url', access_token: 'x' }, /^url: /],
      // github.com itself is not an Enterprise instance.
      [{ scm_type: 'github-enterprise', url: github.webUrl, access_token: 'x' }, /^url: .*OAuth/],
      // Nothing listens there.
      [{ scm_type: 'github-enterprise', url: 'http://127.0.0.1:1', access_token: 'x' }, /^url: /],
      [
        { scm_type: 'github-enterprise', url: ghes.webUrl, access_token: 'ghp_refused' },
        /^access_token: .*refused/,
      ],
      [
        { scm_type: 'gitlab-self-hosted', url: selfHosted.baseUrl, access_token: 'glpat-refused' },
        /^access_token: /,
      ],
      [{ scm_type: 'github-enterprise', url: ghes.webUrl, access_token: 'x', extra: 1 }, /extra/],
    ];
    for (const [body, message] of cases) {
      const response = await create(owner.token, body);
      expectError(response, 422, 'INVALID_REQUEST', message);
      // A refused token is never echoed back.
      expect(response.text).not.toMatch(/ghp_refused|glpat-refused/);
    }
    // A revoked token is refused by the instance.
    const revoked = selfHosted.issuePersonalAccessToken({ scopes: ['api'] });
    selfHosted.revokePersonalAccessToken(revoked);
    expectError(
      await create(owner.token, {
        scm_type: 'gitlab-self-hosted',
        url: selfHosted.baseUrl,
        access_token: revoked,
      }),
      422,
      'INVALID_REQUEST',
      /^access_token: /,
    );
    // Where the operator allow-lists no private host: http and loopback are invalid URLs.
    const other = await signUpDeveloper(closed);
    for (const url of [ghes.webUrl, ghes.webUrl.replace('http:', 'https:')]) {
      const before = ghes.requests.count();
      expectError(
        await create(
          other.token,
          { scm_type: 'github-enterprise', url, access_token: ghes.token },
          closed,
        ),
        422,
        'INVALID_REQUEST',
        /^url: .*(https|private or reserved)/,
      );
      expect(ghes.requests.count()).toBe(before);
    }
    // No session: 401 as everywhere.
    const anonymous = await call('GET', `${gw.url}/v1/scm_integrations`);
    expectError(anonymous, 401, 'AUTH_REQUIRED');
  });

  it('imports the linked account’s SSH keys once, with MD5 colon fingerprints', async () => {
    const first = await post(owner.token, `scm_integrations/${gitlabIntegration.id}/import_keys`);
    expect(first.status, first.text).toBe(201);
    const keys = first.json<{ keys: SshKey[] }>().keys;
    const expected = selfHosted.dataset.viewer.sshKeys;
    expect(keys).toHaveLength(expected.length);
    for (const key of keys) {
      expect(Object.keys(key).sort()).toEqual([
        'content',
        'created_at',
        'fingerprint',
        'id',
        'name',
        'owner',
      ]);
      const source = expected.find(
        (candidate) => `gitlab-self-hosted-${candidate.title}` === key.name,
      );
      expect(source, key.name).toBeDefined();
      expect(key.content.split(' ').slice(0, 2)).toEqual(source?.key.split(' ').slice(0, 2));
      expect(key.fingerprint).toMatch(/^([0-9a-f]{2}:){15}[0-9a-f]{2}$/);
      expect(key.fingerprint).toBe(md5Fingerprint(source?.key ?? ''));
      expect(key.owner.email).toContain('@example.com');
    }
    const second = await post(owner.token, `scm_integrations/${gitlabIntegration.id}/import_keys`);
    expect(second.status, second.text).toBe(201);
    expect(second.json<{ keys: SshKey[] }>().keys).toEqual(keys);
    const listed = await get(owner.token, 'ssh_keys');
    expect(listed.status, listed.text).toBe(200);
    expect(listed.json<{ keys: SshKey[] }>().keys).toHaveLength(expected.length);
    // The SHA-256 fingerprint is stored too (the dataset's, as ssh-keygen prints it).
    const dump = await dumpDatabase(gw.gateway.services.db);
    for (const key of expected) expect(dump).toContain(key.fingerprint);

    // From the GHES too: keys named after its type, on the same account.
    const fromGhes = await post(owner.token, `scm_integrations/${ghesIntegration.id}/import_keys`);
    expect(fromGhes.status, fromGhes.text).toBe(201);
    for (const key of fromGhes.json<{ keys: SshKey[] }>().keys)
      expect(key.name).toMatch(/^github-enterprise-/);

    const [removed] = keys;
    const deleted = await call(
      'DELETE',
      `${gw.url}/v1/ssh_keys/${removed?.id}`,
      bearer(owner.token),
    );
    expect(deleted.status, deleted.text).toBe(204);
    expectError(
      await call('DELETE', `${gw.url}/v1/ssh_keys/${removed?.id}`, bearer(owner.token)),
      404,
      'RESOURCE_NOT_FOUND',
    );
    const after = await get(owner.token, 'ssh_keys');
    expect(after.json<{ keys: SshKey[] }>().keys.map((key) => key.id)).not.toContain(removed?.id);
  });

  it('searches repositories with fork: and user:, lists organizations, searches pull requests', async () => {
    for (const [integration, sim] of [
      [ghesIntegration, ghes],
      [gitlabIntegration, selfHosted],
    ] as const) {
      const viewer = sim.dataset.viewer.login;
      const own = sim.dataset.repositories.filter((repo) => repo.owner === viewer);
      const found = await call(
        'GET',
        `${gw.url}/v1/scm_integrations/${integration.id}/search_repos?query=user:${viewer}+fork:true`,
        bearer(owner.token),
      );
      expect(found.status, found.text).toBe(200);
      const repositories = found.json<{
        repositories: {
          id: number;
          name: string;
          fullName: string;
          url: string;
          description: string | null;
        }[];
      }>().repositories;
      expect(repositories.map((repo) => repo.name).sort()).toEqual(
        own.map((repo) => repo.name).sort(),
      );
      for (const repo of repositories) {
        expect(Object.keys(repo).sort()).toEqual(['description', 'fullName', 'id', 'name', 'url']);
        expect(typeof repo.id).toBe('number');
        expect(repo.url.startsWith(`${integration.url}/`)).toBe(true);
      }
      // Without fork:true, forks are left out; a keyword narrows by name; POST answers the same.
      const noForks = await call(
        'POST',
        `${gw.url}/v1/scm_integrations/${integration.id}/search_repos?query=user:${viewer}`,
        bearer(owner.token),
      );
      expect(noForks.status, noForks.text).toBe(200);
      expect(
        noForks
          .json<{ repositories: { name: string }[] }>()
          .repositories.map((repo) => repo.name)
          .sort(),
      ).toEqual(
        own
          .filter((repo) => !repo.fork)
          .map((repo) => repo.name)
          .sort(),
      );
      const target = own[0];
      const byName = await call(
        'POST',
        `${gw.url}/v1/scm_integrations/${integration.id}/search_repos?query=${target?.name}+user:${viewer}+fork:true`,
        bearer(owner.token),
      );
      expect(byName.status, byName.text).toBe(200);
      expect(
        byName.json<{ repositories: { name: string }[] }>().repositories.map((repo) => repo.name),
      ).toContain(target?.name);
      // A fork found by a keyword with fork:true (GitHub's search leaves forks out unless asked).
      const forked = own.find((repo) => repo.fork);
      if (forked === undefined) throw new Error('the dataset has no fork of the viewer');
      const names = async (query: string) =>
        (
          await call(
            'GET',
            `${gw.url}/v1/scm_integrations/${integration.id}/search_repos?query=${query}`,
            bearer(owner.token),
          )
        )
          .json<{ repositories: { name: string }[] }>()
          .repositories.map((repo) => repo.name);
      expect(await names(`${forked.name}+user:${viewer}+fork:true`)).toContain(forked.name);
      expect(await names(`${forked.name}+user:${viewer}`)).not.toContain(forked.name);

      for (const query of ['language:go', 'user:x+stars:5', 'fork:maybe', 'fork:true+fork:false'])
        expectError(
          await post(owner.token, `scm_integrations/${integration.id}/search_repos?query=${query}`),
          422,
          'INVALID_REQUEST',
          query.startsWith('language') ? /language:/ : query.includes('stars') ? /stars:/ : /fork/,
        );

      const orgs = await post(owner.token, `scm_integrations/${integration.id}/orgs`);
      expect(orgs.status, orgs.text).toBe(200);
      const organizations = orgs.json<{
        organizations: {
          id: number;
          login: string;
          avatarUrl: string | null;
          url: string;
          description: string | null;
        }[];
      }>().organizations;
      for (const login of sim.dataset.viewer.organizations)
        expect(organizations.map((org) => org.login)).toContain(login);
      for (const org of organizations) {
        expect(Object.keys(org).sort()).toEqual(['avatarUrl', 'description', 'id', 'login', 'url']);
        expect(typeof org.id).toBe('number');
      }

      const withPulls = [...own].sort((a, b) => b.pullRequests.length - a.pullRequests.length)[0];
      const fullName = repositories.find((repo) => repo.name === withPulls?.name)?.fullName;
      const open = await call(
        'GET',
        `${gw.url}/v1/scm_integrations/${integration.id}/search_pull_requests?query=is:open+repo:${fullName}`,
        bearer(owner.token),
      );
      expect(open.status, open.text).toBe(200);
      const pulls = open.json<{
        pull_requests: { title: string; number: number; html_url: string }[];
      }>().pull_requests;
      const expectedOpen = (withPulls?.pullRequests ?? []).filter((pr) => pr.state === 'open');
      expect(pulls.map((pr) => pr.number).sort((a, b) => a - b)).toEqual(
        expectedOpen.map((pr) => pr.number).sort((a, b) => a - b),
      );
      for (const pr of pulls)
        expect(Object.keys(pr).sort()).toEqual(['html_url', 'number', 'title']);
      const closedPulls = await post(
        owner.token,
        `scm_integrations/${integration.id}/search_pull_requests?query=is:closed+repo:${fullName}`,
      );
      expect(closedPulls.status, closedPulls.text).toBe(200);
      expect(
        closedPulls
          .json<{ pull_requests: { number: number }[] }>()
          .pull_requests.map((pr) => pr.number)
          .sort((a, b) => a - b),
      ).toEqual(
        (withPulls?.pullRequests ?? [])
          .filter((pr) => pr.state !== 'open')
          .map((pr) => pr.number)
          .sort((a, b) => a - b),
      );
      for (const query of ['is:draft', 'label:bug', 'author:x', 'words', 'repo:nope'])
        expectError(
          await post(
            owner.token,
            `scm_integrations/${integration.id}/search_pull_requests?query=${query}`,
          ),
          422,
          'INVALID_REQUEST',
          /query/,
        );
    }
  });

  it('keeps tenants apart; members read and link their own, only the linker or an admin deletes', async () => {
    const stranger = await signUpDeveloper(gw);
    for (const [method, path] of [
      ['GET', `scm_integrations/${ghesIntegration.id}`],
      ['DELETE', `scm_integrations/${ghesIntegration.id}`],
      ['POST', `scm_integrations/${ghesIntegration.id}/import_keys`],
      ['GET', `scm_integrations/${ghesIntegration.id}/orgs`],
    ] as const)
      expectError(
        await call(method, `${gw.url}/v1/${path}`, bearer(stranger.token)),
        404,
        'RESOURCE_NOT_FOUND',
      );
    const strangerList = await get(stranger.token, 'scm_integrations');
    expect(strangerList.json()).toEqual({ scm_integrations: [] });
    const strangerKeys = await get(stranger.token, 'ssh_keys');
    expect(strangerKeys.json()).toEqual({ keys: [] });

    const member = await joinTenant(gw, owner.token, 'member');
    const listed = await get(member.token, 'scm_integrations');
    expect(listed.json<{ scm_integrations: ScmIntegration[] }>().scm_integrations).toHaveLength(2);
    expect((await get(member.token, `scm_integrations/${ghesIntegration.id}/orgs`)).status).toBe(
      200,
    );
    expectError(
      await call(
        'DELETE',
        `${gw.url}/v1/scm_integrations/${ghesIntegration.id}`,
        bearer(member.token),
      ),
      403,
      'INSUFFICIENT_SCOPE',
      /owner or admin/,
    );
    expectError(
      await post(member.token, `scm_integrations/${ghesIntegration.id}/import_keys`),
      403,
      'INSUFFICIENT_SCOPE',
    );
    // A member links their own account on the GitLab instance, and may remove it.
    // Not the account the owner linked: that one stays the owner's.
    expectError(
      await create(member.token, {
        scm_type: 'gitlab-self-hosted',
        url: selfHosted.baseUrl,
        access_token: selfHosted.issuePersonalAccessToken({ scopes: ['api'] }),
      }),
      422,
      'INVALID_REQUEST',
      /^access_token: .*already linked/,
    );
    const colleague = selfHosted.dataset.users.find(
      (user) => user.login !== selfHosted.dataset.viewer.login,
    );
    const memberToken = selfHosted.issuePersonalAccessToken({
      scopes: ['api'],
      login: colleague?.login ?? '',
    });
    tokens.push(memberToken);
    const own = await create(member.token, {
      scm_type: 'gitlab-self-hosted',
      url: selfHosted.baseUrl,
      access_token: memberToken,
    });
    expect(own.status, own.text).toBe(201);
    const ownId = own.json<{ scm_integration: ScmIntegration }>().scm_integration.id;
    const removed = await call(
      'DELETE',
      `${gw.url}/v1/scm_integrations/${ownId}`,
      bearer(member.token),
    );
    expect(removed.status, removed.text).toBe(204);

    // The owner removes the GHES integration: gone from the list, 404 after.
    const deleted = await call(
      'DELETE',
      `${gw.url}/v1/scm_integrations/${ghesIntegration.id}`,
      bearer(owner.token),
    );
    expect(deleted.status, deleted.text).toBe(204);
    expect(deleted.text).toBe('');
    expectError(
      await get(owner.token, `scm_integrations/${ghesIntegration.id}`),
      404,
      'RESOURCE_NOT_FOUND',
    );
    const remaining = await get(owner.token, 'scm_integrations');
    expect(
      remaining
        .json<{ scm_integrations: ScmIntegration[] }>()
        .scm_integrations.map((row) => row.id),
    ).toEqual([gitlabIntegration.id]);

    // No stored token anywhere in the database in plain text.
    const dump = await dumpDatabase(gw.gateway.services.db);
    for (const token of tokens) expect(dump).not.toContain(token);
  });
});
