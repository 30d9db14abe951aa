import { createOAuthTokenEndpoint, type ProviderOAuth, type ProviderSettingsBase } from '@scm/core';
import { GITLAB_PROVIDER_ID } from './map-common.js';

export interface GitLabOAuthOptions extends ProviderSettingsBase {
  /** The instance root, as in the provider's settings. */
  baseUrl: string;
  clientId: string;
  clientSecret: string;
  /** Sent with the `refresh_token` grant, as GitLab's documentation has it. */
  redirectUri?: string | undefined;
}

export interface GitLabOAuth extends ProviderOAuth {
  close(): Promise<void>;
}

/**
 * GitLab's OAuth 2 web flow (https://docs.gitlab.com/api/oauth2/): `/oauth/authorize` with a
 * `state`, the `authorization_code` grant and the `refresh_token` grant at `/oauth/token`. Token
 * errors (`invalid_grant`, `invalid_client`) become core's canonical codes through `toOAuthTokens`.
 */
export function createGitLabOAuth(options: GitLabOAuthOptions): GitLabOAuth {
  const root = options.baseUrl.replace(/\/+$/, '');
  const endpoint = createOAuthTokenEndpoint({
    ...options,
    provider: GITLAB_PROVIDER_ID,
    baseUrl: root,
    tokenPath: '/oauth/token',
  });
  return {
    authorizeUrl(input) {
      const url = new URL(`${root}/oauth/authorize`);
      url.searchParams.set('client_id', options.clientId);
      url.searchParams.set('redirect_uri', input.redirectUri);
      url.searchParams.set('response_type', 'code');
      url.searchParams.set('state', input.state);
      if (input.scopes !== undefined && input.scopes.length > 0)
        url.searchParams.set('scope', input.scopes.join(' '));
      // PKCE (https://docs.gitlab.com/api/oauth2/#authorization-code-with-proof-key-for-code-exchange-pkce).
      if (input.codeChallenge !== undefined) {
        url.searchParams.set('code_challenge', input.codeChallenge);
        url.searchParams.set('code_challenge_method', 'S256');
      }
      return url.toString();
    },
    exchangeCode(input) {
      return endpoint.request({
        grant_type: 'authorization_code',
        code: input.code,
        redirect_uri: input.redirectUri,
        code_verifier: input.codeVerifier,
      });
    },
    refresh(refreshToken) {
      return endpoint.request({
        grant_type: 'refresh_token',
        refresh_token: refreshToken,
        redirect_uri: options.redirectUri,
      });
    },
    close: () => endpoint.close(),
  };
}
