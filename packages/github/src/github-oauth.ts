import {
  createOAuthTokenEndpoint,
  ScmError,
  type ProviderOAuth,
  type ProviderSettingsBase,
} from '@scm/core';
import { deriveWebUrl } from './github-settings.js';

const PROVIDER = 'github';
const GITHUB_WEB_URL = 'https://github.com';

export interface GitHubOAuthOptions extends Pick<
  ProviderSettingsBase,
  'dispatcher' | 'userAgent' | 'timeoutMs' | 'deadlineMs' | 'retry' | 'logger' | 'clock'
> {
  /** The OAuth app's (or GitHub App's) client id. */
  clientId: string;
  clientSecret: string;
  /**
   * Where users sign in: `https://github.com`, or a GitHub Enterprise Server's host root
   * (`https://ghe.example.com`). Derived from `baseUrl` when omitted.
   */
  webBaseUrl?: string | undefined;
  /** The REST API base (`https://ghe.example.com/api/v3`), used only to derive `webBaseUrl`. */
  baseUrl?: string | undefined;
  /** Scopes asked for when `authorizeUrl` is given none. */
  defaultScopes?: readonly string[] | undefined;
}

function requireText(value: string, name: string): string {
  if (value.trim() === '')
    throw new ScmError('INVALID_REQUEST', { provider: PROVIDER, message: `${name} is required` });
  return value;
}

/**
 * GitHub's OAuth web flow for OAuth apps and GitHub Apps (user-to-server tokens): the authorize
 * URL, the code exchange and the refresh of expiring user tokens.
 * https://docs.github.com/en/apps/oauth-apps/building-oauth-apps/authorizing-oauth-apps#web-application-flow
 * https://docs.github.com/en/apps/creating-github-apps/authenticating-with-a-github-app/refreshing-user-access-tokens
 */
export function createGitHubOAuth(options: GitHubOAuthOptions): ProviderOAuth & {
  close(): Promise<void>;
} {
  const clientId = requireText(options.clientId, 'clientId');
  const clientSecret = requireText(options.clientSecret, 'clientSecret');
  const webBaseUrl = (
    options.webBaseUrl ??
    (options.baseUrl === undefined ? GITHUB_WEB_URL : deriveWebUrl(options.baseUrl))
  ).replace(/\/+$/, '');
  const endpoint = createOAuthTokenEndpoint({
    ...options,
    provider: PROVIDER,
    baseUrl: webBaseUrl,
    tokenPath: '/login/oauth/access_token',
    clientId,
    clientSecret,
    // Without `Accept: application/json` GitHub answers form-encoded. It answers most token
    // errors with 200 and an `error` body; the endpoint maps a 4xx with the same body the same way.
    headers: { accept: 'application/json' },
  });
  return {
    authorizeUrl({ redirectUri, state, scopes, codeChallenge }) {
      requireText(state, 'state');
      const url = new URL(`${webBaseUrl}/login/oauth/authorize`);
      url.searchParams.set('client_id', clientId);
      url.searchParams.set('redirect_uri', redirectUri);
      url.searchParams.set('state', state);
      const requested = scopes ?? options.defaultScopes ?? [];
      // GitHub reads a space-separated list. GitHub Apps ignore it: their permissions are fixed.
      if (requested.length > 0) url.searchParams.set('scope', requested.join(' '));
      // PKCE, which GitHub supports for OAuth apps and GitHub Apps (S256 only).
      if (codeChallenge !== undefined) {
        url.searchParams.set('code_challenge', requireText(codeChallenge, 'codeChallenge'));
        url.searchParams.set('code_challenge_method', 'S256');
      }
      return url.toString();
    },

    exchangeCode({ code, redirectUri, codeVerifier }) {
      return endpoint.request({
        code: requireText(code, 'code'),
        // Optional at GitHub; when sent it must match the authorize request's.
        ...(redirectUri === '' ? {} : { redirect_uri: redirectUri }),
        ...(codeVerifier === undefined ? {} : { code_verifier: codeVerifier }),
      });
    },

    refresh(refreshToken) {
      return endpoint.request({
        grant_type: 'refresh_token',
        refresh_token: requireText(refreshToken, 'refreshToken'),
      });
    },

    close: () => endpoint.close(),
  };
}
