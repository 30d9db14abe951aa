import { afterEach, describe, expect, it } from 'vitest';
import {
  fakeClock,
  recordingLogger,
  rejection,
  startLocalServer,
  type LocalServer,
} from '../http/__fixtures__/local-server.js';
import { createOAuthTokenEndpoint, type OAuthTokenEndpoint } from './oauth-token-endpoint.js';

let server: LocalServer | undefined;
let endpoint: OAuthTokenEndpoint | undefined;
afterEach(async () => {
  await endpoint?.close();
  await server?.close();
  endpoint = undefined;
  server = undefined;
});

const SECRET = 'client-secret-9f2c';
const CODE = 'code-41d7';

describe('createOAuthTokenEndpoint (a real token endpoint on 127.0.0.1)', () => {
  it('posts the grant with the client in the form and reads the tokens against the clock', async () => {
    server = await startLocalServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' }).end(
        JSON.stringify({
          access_token: 'at-1',
          refresh_token: 'rt-1',
          expires_in: 7200,
          token_type: 'bearer',
          scope: 'repo read:org',
        }),
      );
    });
    const clock = fakeClock(Date.UTC(2026, 0, 1));
    endpoint = createOAuthTokenEndpoint({
      provider: 'example',
      baseUrl: `${server.url}/auth/`,
      tokenPath: '/token',
      clientId: 'client-1',
      clientSecret: SECRET,
      headers: { accept: 'application/json' },
      clock,
    });
    const tokens = await endpoint.request({
      grant_type: 'authorization_code',
      code: CODE,
      redirect_uri: 'https://app.test/cb',
      code_verifier: undefined,
    });
    expect(tokens).toEqual({
      accessToken: 'at-1',
      refreshToken: 'rt-1',
      expiresAt: Date.UTC(2026, 0, 1) + 7_200_000,
      scopes: ['repo', 'read:org'],
      tokenType: 'bearer',
    });
    const [request] = server.requests;
    expect(request?.method).toBe('POST');
    expect(request?.url).toBe('/auth/token');
    expect(request?.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(request?.headers.accept).toBe('application/json');
    expect(request?.headers.authorization).toBeUndefined();
    // An undefined field is not sent at all (not as "undefined").
    expect(Object.fromEntries(new URLSearchParams(request?.body))).toEqual({
      client_id: 'client-1',
      client_secret: SECRET,
      grant_type: 'authorization_code',
      code: CODE,
      redirect_uri: 'https://app.test/cb',
    });
  });

  it('authenticates the client with HTTP Basic and keeps it out of the form (client_secret_basic)', async () => {
    server = await startLocalServer((_request, response) => {
      response
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ access_token: 'at-2', scopes: 'repository' }));
    });
    endpoint = createOAuthTokenEndpoint({
      provider: 'example',
      baseUrl: server.url,
      tokenPath: '/site/oauth2/access_token',
      clientId: 'client-2',
      clientSecret: SECRET,
      clientAuthentication: 'client_secret_basic',
    });
    const tokens = await endpoint.request({ grant_type: 'refresh_token', refresh_token: 'rt-2' });
    expect(tokens.accessToken).toBe('at-2');
    expect(tokens.scopes).toEqual(['repository']);
    const [request] = server.requests;
    expect(request?.headers.authorization).toBe(
      `Basic ${Buffer.from(`client-2:${SECRET}`).toString('base64')}`,
    );
    expect(Object.fromEntries(new URLSearchParams(request?.body))).toEqual({
      grant_type: 'refresh_token',
      refresh_token: 'rt-2',
    });
  });

  it('maps OAuth error bodies to canonical codes, with a 200 or a 4xx, and never echoes the secret or the code', async () => {
    const answers: [number, unknown][] = [
      // GitHub answers a spent code with 200 and an error body.
      [200, { error: 'bad_verification_code', error_description: 'The code is incorrect.' }],
      [400, { error: 'invalid_grant', error_description: 'The grant is invalid.' }],
      [401, { error: 'invalid_client', error_description: `bad client ${SECRET}` }],
      [400, { error: 'invalid_scope' }],
      // Providers that echo the request: the code in a 4xx and in a 200 error body.
      [400, { error: 'invalid_grant', error_description: `code ${CODE} was already used` }],
      [200, { error: 'bad_verification_code', error_description: `unknown code ${CODE}` }],
    ];
    server = await startLocalServer((_request, response, index) => {
      const [status, body] = answers[index] ?? [500, {}];
      response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    });
    const logger = recordingLogger();
    endpoint = createOAuthTokenEndpoint({
      provider: 'example',
      baseUrl: server.url,
      tokenPath: '/token',
      clientId: 'client-3',
      clientSecret: SECRET,
      logger,
      retry: { maxRetries: 0 },
    });
    const codes: string[] = [];
    for (let i = 0; i < answers.length; i += 1) {
      const error = await rejection(
        endpoint.request({ grant_type: 'authorization_code', code: CODE }),
      );
      codes.push(error.code);
      expect(error.provider).toBe('example');
      expect(`${error.message} ${JSON.stringify(error.details)}`).not.toContain(CODE);
      expect(error.message).not.toContain(SECRET);
      expect(error.upstreamStatus).toBe(answers[i]?.[0]);
    }
    expect(codes).toEqual([
      'AUTH_EXPIRED',
      'AUTH_EXPIRED',
      'INVALID_CREDENTIALS',
      'INSUFFICIENT_SCOPE',
      'AUTH_EXPIRED',
      'AUTH_EXPIRED',
    ]);
    expect(JSON.stringify(logger.entries)).not.toContain(SECRET);
  });

  it('reports a provider fault as UPSTREAM_UNAVAILABLE, and opens no connection before the first grant', async () => {
    server = await startLocalServer((_request, response) => {
      response.writeHead(503, { 'content-type': 'text/html' }).end('<h1>maintenance</h1>');
    });
    endpoint = createOAuthTokenEndpoint({
      provider: 'example',
      baseUrl: server.url,
      tokenPath: '/token',
      clientId: 'client-4',
      clientSecret: SECRET,
      retry: { maxRetries: 0 },
    });
    expect(server.requests).toHaveLength(0);
    const error = await rejection(
      endpoint.request({ grant_type: 'refresh_token', refresh_token: 'x' }),
    );
    expect(error.code).toBe('UPSTREAM_UNAVAILABLE');
    expect(error.upstreamStatus).toBe(503);
  });
});
