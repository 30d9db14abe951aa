import * as oauth from 'oauth4webapi';
import { findRepositoryOrThrow } from '@scm/testkit';
import { startGitHubSimulator, type GitHubSimulator } from '@scm/testkit/github';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { githubSimulatorHost } from '../../../demo/simulator-hosts.js';
import { startTestGateway, type TestGateway } from '../../test-support/gateway.js';
import { call } from '../../test-support/http.js';
import {
  consent,
  createDeveloperApp,
  REDIRECT_URI,
  signUpDeveloper,
} from '../../test-support/flows.js';

// The whole authorization code flow as a standard OAuth client library does it, against the
// gateway listening on 127.0.0.1 (http there, hence allowInsecureRequests: deprecated by its author
// to make it stand out, and meant exactly for local testing like this).
// eslint-disable-next-line @typescript-eslint/no-deprecated
const insecure = { [oauth.allowInsecureRequests]: true } as const;

/** The OAuth error an oauth4webapi call threw (a body error, or a 401 challenge's body). */
async function oauthErrorOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof oauth.ResponseBodyError) return error.error;
    if (error instanceof oauth.WWWAuthenticateChallengeError) return 'www-authenticate';
    throw error;
  }
  throw new Error('expected an OAuth error');
}

describe('oauth4webapi against the gateway', () => {
  let sim: GitHubSimulator;
  let gw: TestGateway;
  let app: { clientId: string; clientSecret: string };
  let as: oauth.AuthorizationServer;
  let client: oauth.Client;
  let basic: oauth.ClientAuth;
  let post: oauth.ClientAuth;
  let repoFullName: string;

  beforeAll(async () => {
    sim = await startGitHubSimulator({ seed: 8414 });
    gw = await startTestGateway({ providerHosts: [githubSimulatorHost(sim)] });
    const developer = await signUpDeveloper(gw);
    app = await createDeveloperApp(gw, developer.token, ['read:repositories', 'read:branches']);
    client = { client_id: app.clientId };
    basic = oauth.ClientSecretBasic(app.clientSecret);
    post = oauth.ClientSecretPost(app.clientSecret);
    repoFullName = findRepositoryOrThrow(sim.dataset, sim.expected.repository).fullName;
  });
  afterAll(async () => {
    await gw.close();
    await sim.stop();
  });

  /** Authorize with PKCE through the hosted consent step, then the code exchange. */
  async function authorize(customerRef: string) {
    const verifier = oauth.generateRandomCodeVerifier();
    const challenge = await oauth.calculatePKCECodeChallenge(verifier);
    const state = oauth.generateRandomState();
    expect(as.authorization_endpoint).toBe(`${gw.url}/oauth/authorize`);
    const approved = await consent(gw, {
      clientId: app.clientId,
      scopes: ['read:repositories', 'read:branches'],
      customerRef,
      provider: 'github',
      pick: (name) => name === repoFullName,
      state,
      extraQuery: { code_challenge: challenge, code_challenge_method: 'S256' },
    });
    // RFC 9207: the callback names its issuer, and the library checks it and the state.
    expect(approved.callback.searchParams.get('iss')).toBe(as.issuer);
    const params = oauth.validateAuthResponse(as, client, approved.callback, state);
    const response = await oauth.authorizationCodeGrantRequest(
      as,
      client,
      basic,
      params,
      REDIRECT_URI,
      verifier,
      insecure,
    );
    return oauth.processAuthorizationCodeResponse(as, client, response);
  }

  const readRepositories = (accessToken: string) =>
    oauth.protectedResourceRequest(
      accessToken,
      'GET',
      new URL(`${gw.url}/v1/repositories?provider=github`),
      undefined,
      undefined,
      insecure,
    );

  const introspect = async (token: string) =>
    oauth.processIntrospectionResponse(
      as,
      client,
      await oauth.introspectionRequest(as, client, post, token, insecure),
    );

  it('discovers, authorizes with PKCE, exchanges, reads, refreshes, detects reuse, introspects and revokes', async () => {
    // Discovery (RFC 8414).
    const issuer = new URL(gw.url);
    as = await oauth.processDiscoveryResponse(
      issuer,
      await oauth.discoveryRequest(issuer, { algorithm: 'oauth2', ...insecure }),
    );
    expect(as).toMatchObject({
      issuer: gw.url,
      token_endpoint: `${gw.url}/oauth/token`,
      revocation_endpoint: `${gw.url}/oauth/revoke`,
      introspection_endpoint: `${gw.url}/oauth/introspect`,
      code_challenge_methods_supported: ['S256'],
      grant_types_supported: ['authorization_code', 'refresh_token', 'client_credentials'],
    });

    // Authorize + code exchange.
    const first = await authorize('oauth4webapi-customer');
    expect(first.token_type).toBe('bearer');
    expect(first.scope).toBe('read:repositories read:branches');
    expect(first.expires_in).toBe(3600);
    expect(first.access_token).toMatch(/^sggat_/);
    expect(first.refresh_token).toMatch(/^sggrt_/);

    // A unified read with the token.
    const read = await readRepositories(first.access_token);
    expect(read.status).toBe(200);
    const listed = ((await read.json()) as { data: { fullName: string }[] }).data;
    expect(listed.map((repo) => repo.fullName)).toEqual([repoFullName]);

    // Refresh: a new access token and a new (rotated) refresh token.
    const refreshed = await oauth.processRefreshTokenResponse(
      as,
      client,
      await oauth.refreshTokenGrantRequest(as, client, basic, first.refresh_token ?? '', insecure),
    );
    expect(refreshed.access_token).not.toBe(first.access_token);
    expect(refreshed.refresh_token).toMatch(/^sggrt_/);
    expect(refreshed.refresh_token).not.toBe(first.refresh_token);
    expect(refreshed.scope).toBe('read:repositories read:branches');
    expect((await readRepositories(refreshed.access_token)).status).toBe(200);

    // Introspection (RFC 7662) of the app's own tokens.
    expect(await introspect(refreshed.access_token)).toMatchObject({
      active: true,
      client_id: app.clientId,
      scope: 'read:repositories read:branches',
      token_type: 'Bearer',
      iss: gw.url,
      token_kind: 'access_token',
    });
    expect(await introspect(refreshed.refresh_token ?? '')).toMatchObject({
      active: true,
      client_id: app.clientId,
      token_kind: 'refresh_token',
    });
    // The spent refresh token is inactive.
    expect(await introspect(first.refresh_token ?? '')).toEqual({ active: false });

    // Reuse detection: the spent refresh token again revokes its whole family.
    expect(
      await oauthErrorOf(
        oauth.processRefreshTokenResponse(
          as,
          client,
          await oauth.refreshTokenGrantRequest(
            as,
            client,
            basic,
            first.refresh_token ?? '',
            insecure,
          ),
        ),
      ),
    ).toBe('invalid_grant');
    expect(await introspect(refreshed.refresh_token ?? '')).toEqual({ active: false });
    expect(await introspect(refreshed.access_token)).toEqual({ active: false });
    expect(await introspect(first.access_token)).toEqual({ active: false });
    expect((await readRepositories(refreshed.access_token)).status).toBe(401);
    expect(
      await oauthErrorOf(
        oauth.processRefreshTokenResponse(
          as,
          client,
          await oauth.refreshTokenGrantRequest(
            as,
            client,
            post,
            refreshed.refresh_token ?? '',
            insecure,
          ),
        ),
      ),
    ).toBe('invalid_grant');

    // Revocation (RFC 7009): a new authorization, then its access token, then its refresh token.
    const second = await authorize('oauth4webapi-customer');
    expect((await readRepositories(second.access_token)).status).toBe(200);
    await oauth.processRevocationResponse(
      await oauth.revocationRequest(as, client, basic, second.access_token, insecure),
    );
    expect((await readRepositories(second.access_token)).status).toBe(401);
    expect(await introspect(second.access_token)).toEqual({ active: false });
    expect(await introspect(second.refresh_token ?? '')).toMatchObject({ active: true });
    await oauth.processRevocationResponse(
      await oauth.revocationRequest(as, client, post, second.refresh_token ?? '', {
        ...insecure,
        additionalParameters: { token_type_hint: 'refresh_token' },
      }),
    );
    expect(await introspect(second.refresh_token ?? '')).toEqual({ active: false });
    expect(
      await oauthErrorOf(
        oauth.processRefreshTokenResponse(
          as,
          client,
          await oauth.refreshTokenGrantRequest(
            as,
            client,
            basic,
            second.refresh_token ?? '',
            insecure,
          ),
        ),
      ),
    ).toBe('invalid_grant');
  });

  it('reads a wrong client secret as a 401 Basic challenge', async () => {
    const wrong = oauth.ClientSecretBasic('sggcs_wrong');
    const response = await oauth.introspectionRequest(as, client, wrong, 'sggat_x', insecure);
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toMatch(/^Basic /);
    expect(await response.json()).toMatchObject({ error: 'invalid_client' });
    expect(
      await call('POST', `${gw.url}/oauth/token`, {
        form: { grant_type: 'refresh_token', refresh_token: 'sggrt_x' },
      }).then((answer) => answer.json<{ error: string }>().error),
    ).toBe('invalid_client');
  });
});
