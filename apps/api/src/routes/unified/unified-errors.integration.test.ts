import { findRepositoryOrThrow, type DatasetRepository } from '@scm/testkit';
import { startBitbucketSimulator, type BitbucketSimulator } from '@scm/testkit/bitbucket';
import { startGitHubSimulator, type GitHubSimulator } from '@scm/testkit/github';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bitbucketSimulatorHost, githubSimulatorHost } from '../../../demo/simulator-hosts.js';
import { startTestGateway, type TestGateway } from '../../test-support/gateway.js';
import { call, type CallResult } from '../../test-support/http.js';
import { PROVIDER_IDS } from '../../providers/catalogue.js';
import {
  bearer,
  consent,
  createDeveloperApp,
  exchangeCode,
  grantAndIssueToken,
  signUpDeveloper,
} from '../../test-support/flows.js';

interface ErrorFields {
  code: string;
  message: string;
  provider: string | null;
  request_id: string;
}

/** The canonical body of an error answer with `status` and `code`. */
function expectError(response: CallResult, status: number, code: string): ErrorFields {
  expect(response.status, response.text).toBe(status);
  const { error } = response.json<{ error: ErrorFields }>();
  expect(error.code).toBe(code);
  expect(error.request_id).toBe(response.headers['x-request-id']);
  return error;
}

// Issue #19, item 4: each 4xx names the offending input and says what to send instead.
describe('unified API errors that say what to do', () => {
  let github: GitHubSimulator;
  let bitbucket: BitbucketSimulator;
  let gw: TestGateway;
  let repo: DatasetRepository;
  let token: string;
  let session: string;
  let app: { clientId: string; clientSecret: string };
  let tenantId: string;

  beforeAll(async () => {
    github = await startGitHubSimulator({ seed: 7 });
    bitbucket = await startBitbucketSimulator({ seed: 7 });
    gw = await startTestGateway({
      providerHosts: [
        githubSimulatorHost(github),
        bitbucketSimulatorHost(bitbucket, { oauth: false }),
      ],
    });
    repo = findRepositoryOrThrow(github.dataset, github.expected.repository);
    const developer = await signUpDeveloper(gw);
    session = developer.token;
    tenantId = developer.tenantId;
    app = await createDeveloperApp(gw, developer.token, [
      'read:repositories',
      'read:branches',
      'read:commits',
      'read:diffs',
      'read:checks',
    ]);
    const approved = await consent(gw, {
      clientId: app.clientId,
      scopes: ['read:repositories', 'read:branches', 'read:commits', 'read:diffs', 'read:checks'],
      customerRef: 'errors',
      provider: 'github',
      pick: (name) => name === repo.fullName,
    });
    token = (await exchangeCode(gw, app, approved.code)).json<{ accessToken: string }>()
      .accessToken;
  });
  afterAll(async () => {
    await gw.close();
    await github.stop();
    await bitbucket.stop();
  });

  const repoUrl = (suffix = '') => `${gw.url}/v1/repositories/github/${repo.id}${suffix}`;
  const firstCursor = async (suffix: string): Promise<string> => {
    const page = await call('GET', repoUrl(suffix), bearer(token));
    expect(page.status, page.text).toBe(200);
    const cursor = page.json<{ page_info: { next_cursor: string | null } }>().page_info.next_cursor;
    expect(cursor).not.toBeNull();
    return cursor ?? '';
  };

  describe('four cursor mistakes, four messages (the code stays INVALID_CURSOR)', () => {
    it('a tampered cursor', async () => {
      const cursor = await firstCursor('/branches?limit=1');
      const [payload = '', signature = ''] = cursor.split('.');
      const tampered = `${payload.slice(0, 4)}${payload[4] === 'A' ? 'B' : 'A'}${payload.slice(5)}.${signature}`;
      const error = expectError(
        await call(
          'GET',
          repoUrl(`/branches?limit=1&cursor=${encodeURIComponent(tampered)}`),
          bearer(token),
        ),
        400,
        'INVALID_CURSOR',
      );
      expect(error.message).toMatch(/^cursor was altered or was not issued by this API/);
    });

    it('a cursor minted with another limit names both limits', async () => {
      const cursor = await firstCursor('/branches?limit=1');
      const error = expectError(
        await call(
          'GET',
          repoUrl(`/branches?limit=2&cursor=${encodeURIComponent(cursor)}`),
          bearer(token),
        ),
        400,
        'INVALID_CURSOR',
      );
      expect(error.message).toMatch(
        /^cursor was issued for limit=1, but this request has limit=2\. Send limit=1 with it/,
      );
    });

    it('a cursor of another endpoint', async () => {
      const cursor = await firstCursor('/branches?limit=1');
      const error = expectError(
        await call(
          'GET',
          repoUrl(`/commits?limit=1&cursor=${encodeURIComponent(cursor)}`),
          bearer(token),
        ),
        400,
        'INVALID_CURSOR',
      );
      expect(error.message).toMatch(/^cursor belongs to another listing/);
    });

    it('a raw page number', async () => {
      const error = expectError(
        await call('GET', repoUrl('/branches?limit=1&cursor=2'), bearer(token)),
        400,
        'INVALID_CURSOR',
      );
      expect(error.message).toMatch(
        /^cursor is a page number, but this API pages with opaque cursors/,
      );
    });

    it('an empty or repeated cursor', async () => {
      const empty = expectError(
        await call('GET', repoUrl('/branches?cursor='), bearer(token)),
        400,
        'INVALID_CURSOR',
      );
      expect(empty.message).toMatch(/^cursor is empty\. Leave it out for the first page/);
      const twice = expectError(
        await call('GET', repoUrl('/branches?cursor=a&cursor=b'), bearer(token)),
        400,
        'INVALID_CURSOR',
      );
      expect(twice.message).toMatch(/^cursor was sent more than once/);
    });
  });

  it('an owner/repo with its slash unencoded: says to encode it as %2F, with the path meant', async () => {
    const [owner = '', name = ''] = repo.fullName.split('/');
    const error = expectError(
      await call(
        'GET',
        `${gw.url}/v1/repositories/github/${owner}/${name}/branches?limit=5`,
        bearer(token),
      ),
      400,
      'INVALID_REQUEST',
    );
    expect(error.message).toBe(
      `The repository "${owner}/${name}" must be one path segment: URL-encode its "/" as "%2F" (encodeURIComponent), e.g. GET /v1/repositories/github/${owner}%2F${name}/branches.`,
    );
    // The path it suggests is served.
    const encoded = await call(
      'GET',
      `${gw.url}/v1/repositories/github/${owner}%2F${name}/branches`,
      bearer(token),
    );
    expect(encoded.status, encoded.text).toBe(200);
    // Without a route suffix it may be a repository id and a mistyped route: a 404 with the hint.
    expect(
      expectError(
        await call('GET', `${gw.url}/v1/repositories/github/${owner}/${name}`, bearer(token)),
        404,
        'RESOURCE_NOT_FOUND',
      ).message,
    ).toBe(
      `No route for GET /v1/repositories/github/${owner}/${name}. If "${owner}/${name}" is a repository's full name, URL-encode its "/" as "%2F" (encodeURIComponent): GET /v1/repositories/github/${owner}%2F${name}.`,
    );
    expect(
      expectError(
        await call(
          'GET',
          `${gw.url}/v1/repositories/github/${owner}/${name}/commits/abc123/diff`,
          bearer(token),
        ),
        400,
        'INVALID_REQUEST',
      ).message,
    ).toContain(`/v1/repositories/github/${owner}%2F${name}/commits/abc123/diff.`);
    // An encoded repository with an unknown route is the plain 404.
    expect(
      expectError(
        await call('GET', `${gw.url}/v1/repositories/github/a%2Fb/nothing`, bearer(token)),
        404,
        'RESOURCE_NOT_FOUND',
      ).message,
    ).toBe(
      'No route for GET /v1/repositories/github/a%2Fb/nothing: check the path (GET /docs lists the routes, GET /openapi.json describes them).',
    );
  });

  it('an unsupported method on a read route: 405 with Allow and the canonical body', async () => {
    for (const [method, url, allow] of [
      ['DELETE', repoUrl('/branches'), 'GET, HEAD'],
      ['PUT', repoUrl(), 'GET, HEAD'],
      ['POST', `${gw.url}/v1/me`, 'GET, HEAD'],
      ['DELETE', `${gw.url}/v1/repositories`, 'GET, HEAD'],
      ['GET', repoUrl('/events/subscribe'), 'POST'],
    ] as const) {
      const response = await call(method, url, bearer(token));
      const error = expectError(response, 405, 'INVALID_REQUEST');
      expect(response.headers.allow, `${method} ${url}`).toBe(allow);
      expect(error.message).toContain(`${method} is not allowed on /v1/`);
      expect(error.message).toContain(`it answers ${allow}`);
    }
    // HEAD is served wherever GET is.
    expect((await call('HEAD', repoUrl('/branches'), bearer(token))).status).toBe(200);
  });

  it('an unknown branch, ref or commit is named in the message', async () => {
    const branch = expectError(
      await call('GET', repoUrl('/commits?branch=no-such-branch'), bearer(token)),
      404,
      'RESOURCE_NOT_FOUND',
    );
    expect(branch.message).toBe(
      `branch "no-such-branch" was not found in repository "${repo.id}": check the name (names are case-sensitive); GET /v1/repositories/github/${repo.id}/branches lists what exists.`,
    );
    expect(branch.provider).toBe('github');
    const ref = expectError(
      await call('GET', repoUrl('/checks?ref=v9.9.9-missing'), bearer(token)),
      404,
      'RESOURCE_NOT_FOUND',
    );
    expect(ref.message).toMatch(
      /^ref "v9\.9\.9-missing" \(a commit sha, branch or tag\) was not found/,
    );
    expect(ref.message).toContain(`/branches, GET /v1/repositories/github/${repo.id}/tags list`);
    const sha = 'deadbeefdeadbeefdeadbeefdeadbeefdeadbeef';
    const commit = expectError(
      await call('GET', repoUrl(`/commits/${sha}/diff`), bearer(token)),
      404,
      'RESOURCE_NOT_FOUND',
    );
    expect(commit.message).toMatch(new RegExp(`^commit "${sha}" was not found in repository`));
  });

  it('a missing scope, an unapproved repository and a malformed id name the input and the fix', async () => {
    const scope = expectError(
      await call('GET', repoUrl('/tags'), bearer(token)),
      403,
      'INSUFFICIENT_SCOPE',
    );
    expect(scope.message).toBe(
      "This endpoint needs the read:tags scope, which this token does not carry: add it to the app's permissions and request a token with it (the customer approves it in the consent flow).",
    );
    const other = github.dataset.repositories.find((candidate) => candidate.id !== repo.id);
    const unapproved = expectError(
      await call(
        'GET',
        `${gw.url}/v1/repositories/github/${encodeURIComponent(other?.fullName ?? '')}/branches`,
        bearer(token),
      ),
      403,
      'REPOSITORY_NOT_APPROVED',
    );
    expect(unapproved.message).toBe(
      `Repository "${other?.fullName ?? ''}" is not in the repositories the customer approved for this token: have the customer add it (the consent flow's repository picker); GET /v1/repositories?provider=github lists the approved ones.`,
    );
    const sha = expectError(
      await call('GET', repoUrl('/commits/not-a-sha/diff'), bearer(token)),
      400,
      'INVALID_REQUEST',
    );
    expect(sha.message).toBe(
      'commitId "not-a-sha" is not a commit sha: send 4 to 64 hex digits (GET …/commits lists them).',
    );
    const merged = expectError(
      await call('GET', `${gw.url}/v1/repositories?cursor=abc`, bearer(token)),
      400,
      'PAGINATION_NOT_SUPPORTED',
    );
    expect(merged.message).toMatch(/^cursor on \/v1\/repositories needs the provider parameter/);
  });

  describe('a credential that is not an access token says what it is and what to send', () => {
    it.each([
      ['ghp_', 'a GitHub token'],
      ['github_pat_', 'a GitHub token'],
      ['glpat-', 'a GitLab token'],
      ['ATBB', 'a Bitbucket (Atlassian) token'],
    ])('a provider token (%s…)', async (prefix, what) => {
      const credential = `${prefix}${'x1Y2z3'.repeat(6)}`;
      const response = await call('GET', repoUrl('/branches'), bearer(credential));
      const error = expectError(response, 401, 'INVALID_CREDENTIALS');
      expect(error.message.startsWith(`This is ${what}, not a gateway access token.`)).toBe(true);
      expect(error.message).toContain('POST /oauth/token');
      expect(response.text).not.toContain(credential);
    });

    it('a developer session token (sggst_…) of a signed-in developer', async () => {
      expect(session).toMatch(/^sggst_/);
      const response = await call('GET', repoUrl('/branches'), bearer(session));
      const error = expectError(response, 401, 'INVALID_CREDENTIALS');
      expect(error.message).toMatch(/^This is a developer session token \(sggst_…\)/);
      expect(error.message).toContain('get an access token (sggat_…) from POST /oauth/token');
      expect(response.text).not.toContain(session);
    });

    it('a personal API token (sggpt_…)', async () => {
      const credential = `sggpt_${'a1B2c3'.repeat(6)}`;
      const response = await call('GET', repoUrl('/branches'), bearer(credential));
      const error = expectError(response, 401, 'INVALID_CREDENTIALS');
      expect(error.message).toMatch(/^This is a personal API token \(sggpt_…\)/);
      expect(response.text).not.toContain(credential);
    });

    it("an app's client secret, and an unknown access token", async () => {
      const secret = expectError(
        await call('GET', repoUrl('/branches'), bearer(app.clientSecret)),
        401,
        'INVALID_CREDENTIALS',
      );
      expect(secret.message).toMatch(/^This is an app's client secret \(sggcs_…\)/);
      const unknown = expectError(
        await call('GET', repoUrl('/branches'), bearer('sggat_not-a-real-token-at-all')),
        401,
        'INVALID_CREDENTIALS',
      );
      expect(unknown.message).toMatch(/^The access token is not one this gateway issued/);
    });

    it('another Authorization scheme', async () => {
      const error = expectError(
        await call('GET', repoUrl('/branches'), { headers: { authorization: `token ${token}` } }),
        401,
        'AUTH_REQUIRED',
      );
      expect(error.message).toBe(
        'The Authorization header uses the "token" scheme, which this API does not accept. Send the access token as Authorization: Bearer ACCESS_TOKEN (one space, the token unquoted).',
      );
    });
  });

  it('an unknown provider lists the valid ids, with a hint for the wrong case', async () => {
    const query = expectError(
      await call('GET', `${gw.url}/v1/repositories?provider=GitHub`, bearer(token)),
      400,
      'UNSUPPORTED_PROVIDER',
    );
    expect(query.message).toBe(
      `Provider "GitHub" is not supported. Provider ids are lowercase: use "github". Use one of: ${PROVIDER_IDS.join(', ')} (GET /v1/providers lists them).`,
    );
    const path = expectError(
      await call('GET', `${gw.url}/v1/repositories/svn/1/branches`, bearer(token)),
      400,
      'UNSUPPORTED_PROVIDER',
    );
    expect(path.message).toBe(
      `Provider "svn" is not supported. Use one of: ${PROVIDER_IDS.join(', ')} (GET /v1/providers lists them).`,
    );
  });

  it('what the provider cannot serve is UNSUPPORTED_ENDPOINT before any scope check', async () => {
    const admin = { 'x-admin-api-key': gw.adminApiKey };
    const manual = await call('POST', `${gw.url}/v1/connections/manual`, {
      headers: admin,
      json: { provider: 'bitbucket', accessToken: bitbucket.accessToken, tenantId },
    });
    expect(manual.status, manual.text).toBe(201);
    // The grant lacks read:authors: no scope would make Bitbucket serve contributors anyway.
    const narrow = await grantAndIssueToken(gw, {
      tenantId,
      app,
      connectionIds: [manual.json<{ id: string }>().id],
      permissions: ['read:repositories', 'read:branches'],
    });
    const bbRepo = findRepositoryOrThrow(bitbucket.dataset, bitbucket.expected.repository);
    const base = `${gw.url}/v1/repositories/bitbucket/${encodeURIComponent(bbRepo.fullName)}`;
    const error = expectError(
      await call('GET', `${base}/contributors`, bearer(narrow)),
      501,
      'UNSUPPORTED_ENDPOINT',
    );
    expect(error.provider).toBe('bitbucket');
    expect(error.message).toMatch(
      /^Bitbucket cannot serve GET \/v1\/repositories\/:provider\/:repoId\/contributors: .+ GET \/v1\/platform\/capabilities lists what each provider supports\.$/,
    );
    // A supported endpoint the grant lacks is still INSUFFICIENT_SCOPE.
    expectError(await call('GET', `${base}/tags`, bearer(narrow)), 403, 'INSUFFICIENT_SCOPE');
    expect((await call('GET', `${base}/branches`, bearer(narrow))).status).toBe(200);
    // A repository the provider does not have is named, with where to list the reachable ones.
    const missing = expectError(
      await call(
        'GET',
        `${gw.url}/v1/repositories/bitbucket/${encodeURIComponent('nobody/nothing')}`,
        bearer(narrow),
      ),
      404,
      'REPOSITORY_NOT_FOUND',
    );
    expect(missing.message).toBe(
      'Repository "nobody/nothing" was not found, or the connected Bitbucket account cannot see it: check the owner and name (or id); GET /v1/repositories?provider=bitbucket lists the repositories this token reaches.',
    );
    expect(missing.provider).toBe('bitbucket');
  });
});
