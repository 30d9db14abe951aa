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
import { GITLAB_PROVIDER_ID } from './map-common.js';

/** gitlab.com. A self-managed instance is its root URL, path prefix included. */
export const GITLAB_DEFAULT_BASE_URL = 'https://gitlab.com';

/** A personal, project or group access token, sent as `PRIVATE-TOKEN`. */
export interface GitLabPrivateTokenAuth {
  type: 'private-token';
  token: string;
}

/**
 * An OAuth token pair, sent as `Authorization: Bearer`. GitLab access tokens expire after two
 * hours: the adapter refreshes shortly before, one refresh at a time, and hands every new pair to
 * `onRefresh` (GitLab rotates the refresh token, so the old one stops working).
 */
export interface GitLabOAuthAuth {
  type: 'oauth';
  tokens: OAuthTokens;
  /** The OAuth application's id and secret, for the `refresh_token` grant. */
  clientId: string;
  clientSecret: string;
  /** Sent with the refresh grant; GitLab expects the one the tokens were issued for. */
  redirectUri?: string | undefined;
  onRefresh?: ((tokens: OAuthTokens) => void | Promise<void>) | undefined;
  /**
   * Other processes of one deployment hold the same grant: every refresh runs through this, under
   * a lock they share, with the pair as stored now (see `createRefreshingToken`'s `exclusive`).
   */
  exclusive?: RefreshingTokenOptions['exclusive'];
  /** Refresh when the access token expires within this many ms. Default 60 000. */
  refreshBeforeMs?: number | undefined;
}

/** An OAuth application, for the authorize / code exchange / refresh helpers. */
export interface GitLabOAuthApp {
  clientId: string;
  clientSecret: string;
  /** Sent with the `refresh_token` grant. */
  redirectUri?: string | undefined;
}

export interface GitLabProviderSettings extends ProviderSettingsBase {
  /**
   * The instance root: `https://gitlab.com` (default), `https://gitlab.example.com`, or
   * `https://example.com/gitlab` under a path prefix. The API is `<baseUrl>/api/v4` and OAuth
   * `<baseUrl>/oauth/…`.
   */
  baseUrl?: string | undefined;
  /** The token kind is explicit: GitLab's token formats do not say which header they belong in. */
  auth: GitLabPrivateTokenAuth | GitLabOAuthAuth;
  /** For `provider.oauth`; defaults to the client of `auth` when that is OAuth. */
  oauthApp?: GitLabOAuthApp | undefined;
  /** Accepted `X-Gitlab-Token` values; list the old and the new one while rotating. */
  webhookSecrets?: readonly string[] | undefined;
  /**
   * Signing tokens (`whsec_…`) of signed webhooks (`webhook-signature`). When any is set, every
   * delivery must carry a valid signature.
   */
  webhookSigningTokens?: readonly string[] | undefined;
  /** Accepted age of a signed delivery's `webhook-timestamp`, in seconds. Default 300. */
  webhookToleranceSeconds?: number | undefined;
}

const GitLabSettingsSchema = providerSettingsBaseSchema.extend({
  auth: z.discriminatedUnion('type', [
    z.object({ type: z.literal('private-token'), token: secretSetting }),
    z.object({
      type: z.literal('oauth'),
      tokens: oauthTokensSetting,
      clientId: secretSetting,
      clientSecret: secretSetting,
      redirectUri: z.url({ error: 'must be an absolute URL' }).optional(),
      onRefresh: callbackSetting.optional(),
      exclusive: callbackSetting.optional(),
      refreshBeforeMs: z
        .number({ error: 'must be a number of milliseconds' })
        .int('must be a whole number of milliseconds')
        .nonnegative('must be 0 or more milliseconds')
        .optional(),
    }),
  ]),
  oauthApp: z
    .object({
      clientId: secretSetting,
      clientSecret: secretSetting,
      redirectUri: z.url({ error: 'must be an absolute URL' }).optional(),
    })
    .optional(),
  webhookSecrets: webhookSecretsSetting.optional(),
  webhookSigningTokens: webhookSecretsSetting.optional(),
  webhookToleranceSeconds: z
    .number({ error: 'must be a number of seconds' })
    .int('must be a whole number of seconds')
    .positive('must be a positive number of seconds')
    .optional(),
});

/**
 * Checks the settings at construction: a missing `auth`, a relative `baseUrl` or a negative
 * `timeoutMs` is `INVALID_REQUEST` naming the field, not a TypeError in the first request.
 */
export function validateGitLabSettings(settings: GitLabProviderSettings): GitLabProviderSettings {
  return validateProviderSettings(GitLabSettingsSchema, settings, {
    provider: GITLAB_PROVIDER_ID,
    label: 'GitLab',
  });
}
