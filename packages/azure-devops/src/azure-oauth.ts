import { createOAuthTokenEndpoint, type ProviderOAuth, type ProviderSettingsBase } from '@scm/core';
import { AZURE_DEFAULT_AUTHORITY_URL, AZURE_DEVOPS_RESOURCE } from './azure-settings.js';
import { AZURE_PROVIDER_ID } from './map-common.js';

/** What Azure DevOps asks Entra for by default: its resource's granted scopes, and a refresh token. */
export const AZURE_DEFAULT_OAUTH_SCOPES = [`${AZURE_DEVOPS_RESOURCE}/.default`, 'offline_access'];

export interface AzureOAuthOptions extends ProviderSettingsBase {
  /** Microsoft Entra's base URL. Default `https://login.microsoftonline.com`. */
  authorityUrl?: string | undefined;
  /** The tenant of the app registration: `organizations` (default), `common` or a tenant id. */
  tenant?: string | undefined;
  clientId: string;
  clientSecret: string;
  /** Asked for when the caller names none (and on refresh). */
  defaultScopes?: readonly string[] | undefined;
}

export interface AzureOAuth extends ProviderOAuth {
  close(): Promise<void>;
}

/**
 * Microsoft Entra ID's OAuth 2 authorization code flow for Azure DevOps
 * (https://learn.microsoft.com/entra/identity-platform/v2-oauth2-auth-code-flow):
 * `<authority>/<tenant>/oauth2/v2.0/authorize` and the `authorization_code` and `refresh_token`
 * grants at `…/oauth2/v2.0/token`. Token errors (`invalid_grant`, `invalid_client`) become core's
 * canonical codes through `toOAuthTokens`. Azure DevOps' own (deprecated) OAuth service is not
 * used: Microsoft no longer registers new apps for it.
 */
export function createAzureOAuth(options: AzureOAuthOptions): AzureOAuth {
  const authority = (options.authorityUrl ?? AZURE_DEFAULT_AUTHORITY_URL).replace(/\/+$/, '');
  const tenant = encodeURIComponent(options.tenant ?? 'organizations');
  const scopes = options.defaultScopes ?? AZURE_DEFAULT_OAUTH_SCOPES;
  const endpoint = createOAuthTokenEndpoint({
    ...options,
    provider: AZURE_PROVIDER_ID,
    baseUrl: `${authority}/${tenant}/oauth2/v2.0`,
    tokenPath: '/token',
  });
  return {
    authorizeUrl(input) {
      const url = new URL(`${authority}/${tenant}/oauth2/v2.0/authorize`);
      url.searchParams.set('client_id', options.clientId);
      url.searchParams.set('redirect_uri', input.redirectUri);
      url.searchParams.set('response_type', 'code');
      url.searchParams.set('response_mode', 'query');
      url.searchParams.set('state', input.state);
      const asked = input.scopes !== undefined && input.scopes.length > 0 ? input.scopes : scopes;
      url.searchParams.set('scope', asked.join(' '));
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
        scope: scopes.join(' '),
      });
    },
    refresh(refreshToken) {
      return endpoint.request({
        grant_type: 'refresh_token',
        refresh_token: refreshToken,
        scope: scopes.join(' '),
      });
    },
    close: () => endpoint.close(),
  };
}
