import {
  callbackSetting,
  oauthTokensSetting,
  providerSettingsBaseSchema,
  ScmError,
  secretSetting,
  settingTypeError,
  validateProviderSettings,
  webhookSecretsSetting,
  type OAuthTokens,
  type ProviderSettingsBase,
  type RefreshingTokenOptions,
} from '@scm/core';
import { z } from 'zod';
import { GITHUB_PROVIDER_ID } from './map-common.js';

/** GitHub.com's REST API. */
export const GITHUB_DEFAULT_BASE_URL = 'https://api.github.com';
/** The REST API version this adapter is written against (`X-GitHub-Api-Version`). */
export const GITHUB_API_VERSION = '2022-11-28';

/** A personal access token (classic or fine-grained), or any token obtained elsewhere. */
export interface GitHubTokenAuth {
  type: 'token';
  token: string;
}

/**
 * An OAuth user token. When it expires (GitHub Apps' expiring user tokens) and a refresh token is
 * at hand, the adapter refreshes it shortly before expiry, one refresh at a time, and hands every
 * new pair to `onRefresh` to persist (GitHub rotates the refresh token on each use).
 */
export interface GitHubOAuthAuth {
  type: 'oauth';
  tokens: OAuthTokens;
  clientId: string;
  clientSecret: string;
  onRefresh?: ((tokens: OAuthTokens) => void | Promise<void>) | undefined;
  /**
   * Other processes of one deployment hold the same grant: every refresh runs through this, under
   * a lock they share, with the pair as stored now (see `createRefreshingToken`'s `exclusive`).
   */
  exclusive?: RefreshingTokenOptions['exclusive'];
}

/**
 * A GitHub App acting as one installation: an installation token is minted from a JWT signed with
 * the app's private key, cached, and renewed before it expires. Name the installation by id, or by
 * the `owner` (user or organization) it is installed on.
 */
export interface GitHubAppAuth {
  type: 'app';
  appId: number | string;
  /** The app's PEM private key (PKCS#1 or PKCS#8). */
  privateKey: string;
  installationId?: number | undefined;
  owner?: string | undefined;
}

export type GitHubAuth = GitHubTokenAuth | GitHubOAuthAuth | GitHubAppAuth;

export interface GitHubProviderSettings extends ProviderSettingsBase {
  /**
   * The REST API root: `https://api.github.com` (default) or a GitHub Enterprise Server's
   * `https://ghe.example.com/api/v3`.
   */
  baseUrl?: string | undefined;
  auth: GitHubAuth;
  /** Secrets webhook deliveries may be signed with; list the old and the new one while rotating. */
  webhookSecrets?: readonly string[] | undefined;
  /**
   * The web root for OAuth pages and derived links. Derived from `baseUrl` when omitted:
   * `https://github.com` for api.github.com, the host root for GHES.
   */
  webUrl?: string | undefined;
}

/**
 * The web root for an API base URL: api.github.com → github.com; `<host>/api/v3` (GHES) → `<host>`;
 * anything else (a proxy, a simulator) → its origin.
 * https://docs.github.com/enterprise-server/rest/quickstart#using-curl-in-the-command-line
 */
export function deriveWebUrl(baseUrl: string): string {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new ScmError('INVALID_REQUEST', {
      provider: GITHUB_PROVIDER_ID,
      source: 'client',
      message: 'baseUrl is not an absolute URL',
    });
  }
  if (url.hostname === 'api.github.com') return `${url.protocol}//github.com`;
  // GHE.com data residency: api.<tenant>.ghe.com serves <tenant>.ghe.com.
  if (url.hostname.startsWith('api.') && url.hostname.endsWith('.ghe.com'))
    return `${url.protocol}//${url.hostname.slice(4)}`;
  return url.origin;
}

const APP_ID = 'must be the numeric app id (a number or a string of digits)';

const GitHubSettingsSchema = providerSettingsBaseSchema.extend({
  auth: z.discriminatedUnion('type', [
    z.object({ type: z.literal('token'), token: secretSetting }),
    z.object({
      type: z.literal('oauth'),
      tokens: oauthTokensSetting,
      clientId: secretSetting,
      clientSecret: secretSetting,
      onRefresh: callbackSetting.optional(),
      exclusive: callbackSetting.optional(),
    }),
    z.object({
      type: z.literal('app'),
      appId: z.union(
        [z.number().int(APP_ID).positive(APP_ID), z.string().regex(/^[0-9]{1,20}$/, APP_ID)],
        { error: settingTypeError(APP_ID) },
      ),
      privateKey: secretSetting,
      installationId: z
        .number({ error: 'must be a number' })
        .int('must be a whole number')
        .positive('must be a positive number')
        .optional(),
      owner: secretSetting.optional(),
    }),
  ]),
  webhookSecrets: webhookSecretsSetting.optional(),
  webUrl: providerSettingsBaseSchema.shape.baseUrl,
});

/**
 * Checks the settings at construction: a missing `auth`, a relative `baseUrl` or a negative
 * `timeoutMs` is `INVALID_REQUEST` naming the field, not a TypeError in the first request.
 */
export function validateGitHubSettings(settings: GitHubProviderSettings): GitHubProviderSettings {
  return validateProviderSettings(GitHubSettingsSchema, settings, {
    provider: GITHUB_PROVIDER_ID,
    label: 'GitHub',
  });
}
