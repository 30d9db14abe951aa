import { createOAuthTokenEndpoint, type ProviderOAuth, type ProviderSettingsBase } from '@scm/core';
import { BITBUCKET_DEFAULT_WEB_URL, type BitbucketOAuthClient } from './bitbucket-settings.js';
import { BITBUCKET_PROVIDER_ID } from './map-common.js';

export interface BitbucketOAuthSettings extends ProviderSettingsBase, BitbucketOAuthClient {
  /** Default `https://bitbucket.org`. */
  webBaseUrl?: string | undefined;
}

/**
 * Bitbucket's OAuth 2 (developer.atlassian.com/cloud/bitbucket/oauth-2/): the authorization code
 * grant on the web host, the consumer authenticated with HTTP Basic on the token endpoint. Access
 * tokens last about two hours; refresh tokens do not expire until the grant is revoked.
 */
export function createBitbucketOAuth(settings: BitbucketOAuthSettings): ProviderOAuth & {
  close(): Promise<void>;
} {
  const webBaseUrl = (settings.webBaseUrl ?? BITBUCKET_DEFAULT_WEB_URL).replace(/\/+$/, '');
  const endpoint = createOAuthTokenEndpoint({
    ...settings,
    provider: BITBUCKET_PROVIDER_ID,
    baseUrl: webBaseUrl,
    tokenPath: '/site/oauth2/access_token',
    // The consumer authenticates with HTTP Basic (`curl -X POST -u "key:secret" …` in the docs).
    clientAuthentication: 'client_secret_basic',
  });
  return {
    authorizeUrl({ redirectUri, state, codeChallenge }) {
      // Bitbucket grants the scopes configured on the consumer; it has no `scope` parameter.
      const url = new URL(`${webBaseUrl}/site/oauth2/authorize`);
      url.searchParams.set('client_id', settings.clientId);
      url.searchParams.set('response_type', 'code');
      url.searchParams.set('state', state);
      url.searchParams.set('redirect_uri', redirectUri);
      // PKCE (RFC 7636): an authorization server ignores parameters it does not know (RFC 6749
      // §3.1), so sending the challenge is safe where it is not checked.
      if (codeChallenge !== undefined) {
        url.searchParams.set('code_challenge', codeChallenge);
        url.searchParams.set('code_challenge_method', 'S256');
      }
      return url.toString();
    },
    exchangeCode: ({ code, redirectUri, codeVerifier }) =>
      endpoint.request({
        grant_type: 'authorization_code',
        code,
        redirect_uri: redirectUri,
        code_verifier: codeVerifier,
      }),
    refresh: (refreshToken) =>
      endpoint.request({ grant_type: 'refresh_token', refresh_token: refreshToken }),
    close: () => endpoint.close(),
  };
}
