import {
  callbackSetting,
  oauthTokensSetting,
  providerSettingsBaseSchema,
  secretSetting,
  validateProviderSettings,
  webhookSecretsSetting,
  type OAuthTokens,
  type ProviderSettingsBase,
  type RefreshingTokenOptions,
} from '@scm/core';
import { z } from 'zod';
import { BITBUCKET_PROVIDER_ID } from './map-common.js';

/** Bitbucket Cloud's REST API 2.0. */
export const BITBUCKET_DEFAULT_BASE_URL = 'https://api.bitbucket.org/2.0';
/** The web host: html links and OAuth (`/site/oauth2/authorize`, `/site/oauth2/access_token`). */
export const BITBUCKET_DEFAULT_WEB_URL = 'https://bitbucket.org';

/** An OAuth consumer's key and secret (Workspace settings → OAuth consumers). */
export interface BitbucketOAuthClient {
  clientId: string;
  clientSecret: string;
}

/**
 * How the adapter authenticates (developer.atlassian.com/cloud/bitbucket/rest/intro/#authentication):
 * - `oauth`: an OAuth 2 grant; the access token (about two hours) is refreshed before it expires,
 *   one refresh at a time, and `onRefresh` receives every new pair to persist.
 * - `access-token`: a repository, project or workspace access token, sent as Bearer.
 * - `basic`: an API token (with the Atlassian account email) or an app password (with the
 *   username), sent as HTTP Basic.
 */
export type BitbucketAuth =
  | (BitbucketOAuthClient & {
      type: 'oauth';
      tokens: OAuthTokens;
      onRefresh?: ((tokens: OAuthTokens) => void | Promise<void>) | undefined;
      /**
       * Other processes of one deployment hold the same grant: every refresh runs through this, under
       * a lock they share, with the pair as stored now (see `createRefreshingToken`'s `exclusive`).
       */
      exclusive?: RefreshingTokenOptions['exclusive'];
      /** Refresh when the access token expires within this many ms. Default 60 000. */
      refreshBeforeMs?: number | undefined;
    })
  | { type: 'access-token'; token: string }
  | { type: 'basic'; username: string; token: string };

export interface BitbucketProviderSettings extends ProviderSettingsBase {
  /** Default `https://api.bitbucket.org/2.0`. */
  baseUrl?: string | undefined;
  /** Default `https://bitbucket.org`; the OAuth endpoints live here, not on the API host. */
  webBaseUrl?: string | undefined;
  /** Credentials for API calls. Without them only `oauth` (the consent flow) works. */
  auth?: BitbucketAuth | undefined;
  /** An OAuth consumer for `provider.oauth` when `auth` is not `oauth` (e.g. before the first grant). */
  oauthClient?: BitbucketOAuthClient | undefined;
  /** Secrets webhook deliveries are signed with; list the old and the new one while rotating. */
  webhookSecrets?: readonly string[] | undefined;
}

const BitbucketSettingsSchema = providerSettingsBaseSchema.extend({
  webBaseUrl: providerSettingsBaseSchema.shape.baseUrl,
  auth: z
    .discriminatedUnion('type', [
      z.object({
        type: z.literal('oauth'),
        tokens: oauthTokensSetting,
        clientId: secretSetting,
        clientSecret: secretSetting,
        onRefresh: callbackSetting.optional(),
        exclusive: callbackSetting.optional(),
        refreshBeforeMs: z
          .number({ error: 'must be a number of milliseconds' })
          .int()
          .nonnegative()
          .optional(),
      }),
      z.object({ type: z.literal('access-token'), token: secretSetting }),
      z.object({ type: z.literal('basic'), username: secretSetting, token: secretSetting }),
    ])
    .optional(),
  oauthClient: z.object({ clientId: secretSetting, clientSecret: secretSetting }).optional(),
  webhookSecrets: webhookSecretsSetting.optional(),
});

/**
 * Checks the settings at construction: a malformed `auth`, a relative `baseUrl` or a negative
 * `timeoutMs` is `INVALID_REQUEST` naming the field, not a TypeError in the first request.
 */
export function validateBitbucketSettings(
  settings: BitbucketProviderSettings,
): BitbucketProviderSettings {
  return validateProviderSettings(BitbucketSettingsSchema, settings, {
    provider: BITBUCKET_PROVIDER_ID,
    label: 'Bitbucket',
  });
}
