import {
  ScmError,
  type OAuthTokens,
  type ProviderSettingsBase,
  type RefreshingTokenOptions,
} from '@scm/core';
import { z } from 'zod';
import { AZURE_PROVIDER_ID } from './map-common.js';

/** Azure DevOps Services. An organization is `https://dev.azure.com/{organization}`. */
export const AZURE_DEFAULT_BASE_URL = 'https://dev.azure.com';

/** Microsoft Entra ID, where Azure DevOps OAuth apps authorize and issue tokens. */
export const AZURE_DEFAULT_AUTHORITY_URL = 'https://login.microsoftonline.com';

/**
 * The Azure DevOps resource of Microsoft Entra ID: `<resource>/.default` asks for the scopes the
 * app registration was granted (https://learn.microsoft.com/azure/devops/integrate/get-started/authentication/entra-oauth).
 */
export const AZURE_DEVOPS_RESOURCE = '499b84ac-1321-427f-aa17-267ca6975798';

/** A personal access token, sent as HTTP Basic with an empty user name. */
export interface AzurePatAuth {
  type: 'pat';
  token: string;
}

/**
 * An Entra access token the adapter cannot refresh (no refresh token or no app credentials), sent
 * as `Authorization: Bearer`; once Azure refuses it, calls fail with `AUTH_EXPIRED`.
 */
export interface AzureBearerAuth {
  type: 'bearer';
  token: string;
}

/**
 * A Microsoft Entra (OAuth 2) token pair, sent as `Authorization: Bearer`. Entra access tokens
 * last about an hour: the adapter refreshes shortly before, one refresh at a time, and hands each
 * new pair to `onRefresh` (Entra may rotate the refresh token).
 */
export interface AzureOAuthAuth {
  type: 'oauth';
  tokens: OAuthTokens;
  /** The Entra app registration's client id and secret, for the `refresh_token` grant. */
  clientId: string;
  clientSecret: string;
  /** The Entra tenant (`organizations`, `common` or a tenant id). Default `organizations`. */
  tenant?: string | undefined;
  /** Scopes asked for on refresh. Default `<Azure DevOps resource>/.default offline_access`. */
  scopes?: readonly string[] | undefined;
  onRefresh?: ((tokens: OAuthTokens) => void | Promise<void>) | undefined;
  /**
   * Other processes of one deployment hold the same grant: every refresh runs through this, under
   * a lock they share, with the pair as stored now (see `createRefreshingToken`'s `exclusive`).
   */
  exclusive?: RefreshingTokenOptions['exclusive'];
  /** Refresh when the access token expires within this many ms. Default 60 000. */
  refreshBeforeMs?: number | undefined;
}

/** An Entra app registration, for the authorize / code exchange / refresh helpers. */
export interface AzureOAuthApp {
  clientId: string;
  clientSecret: string;
  tenant?: string | undefined;
}

export interface AzureDevOpsProviderSettings extends ProviderSettingsBase {
  /**
   * The organization or collection URL: `https://dev.azure.com/fabrikam` (Services; the default
   * host with `organization`), `https://fabrikam.visualstudio.com`, or a Server collection such as
   * `https://tfs.example.com/tfs/DefaultCollection`. Every call is `<baseUrl>/…?api-version=7.1`.
   */
  baseUrl?: string | undefined;
  /**
   * The organization, appended to `baseUrl` when that is the bare Services host
   * (`https://dev.azure.com`). Leave it out when `baseUrl` already names the organization or
   * collection.
   */
  organization?: string | undefined;
  auth: AzurePatAuth | AzureBearerAuth | AzureOAuthAuth;
  /** For `provider.oauth`; defaults to the client of `auth` when that is OAuth. */
  oauthApp?: AzureOAuthApp | undefined;
  /** Microsoft Entra's base URL (sovereign clouds, tests). Default `https://login.microsoftonline.com`. */
  authorityUrl?: string | undefined;
  /**
   * The profile service, for `getViewer`: `https://app.vssps.visualstudio.com` on Services (the
   * default when `baseUrl` is dev.azure.com or *.visualstudio.com). Server has no profile service:
   * without this setting, its `getViewer` reads the caller from the collection's `connectionData`.
   */
  profileUrl?: string | undefined;
  /**
   * Secrets a service hook delivery may carry, as its HTTP Basic password or in
   * `webhookSecretHeader`; list the old and the new one while rotating.
   */
  webhookSecrets?: readonly string[] | undefined;
  /** The custom header the subscription sends its secret in. Default `x-scm-webhook-secret`. */
  webhookSecretHeader?: string | undefined;
}

const HttpUrl = z.url({ protocol: /^https?$/ }).refine((value) => {
  const url = new URL(value);
  return url.username === '' && url.password === '' && url.search === '' && url.hash === '';
}, 'must be an http(s) URL without credentials, query or fragment');

const NonEmpty = z.string().min(1).max(4096);

// Azure DevOps organization names: letters, digits and hyphens, not starting with a hyphen.
const Organization = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9-]{0,49}$/);

const TokensSchema = z.object({
  accessToken: NonEmpty,
  refreshToken: NonEmpty.nullable(),
  expiresAt: z.number().nullable(),
  scopes: z.array(z.string()),
  tokenType: z.string(),
});

const SettingsSchema = z.object({
  baseUrl: HttpUrl.optional(),
  organization: Organization.optional(),
  auth: z.discriminatedUnion('type', [
    z.object({ type: z.literal('pat'), token: NonEmpty }),
    z.object({ type: z.literal('bearer'), token: NonEmpty }),
    z.object({
      type: z.literal('oauth'),
      tokens: TokensSchema,
      clientId: NonEmpty,
      clientSecret: NonEmpty,
      tenant: z
        .string()
        .regex(/^[A-Za-z0-9.-]{1,100}$/)
        .optional(),
      scopes: z.array(NonEmpty).optional(),
      refreshBeforeMs: z.number().int().nonnegative().optional(),
    }),
  ]),
  oauthApp: z
    .object({
      clientId: NonEmpty,
      clientSecret: NonEmpty,
      tenant: z
        .string()
        .regex(/^[A-Za-z0-9.-]{1,100}$/)
        .optional(),
    })
    .optional(),
  authorityUrl: HttpUrl.optional(),
  profileUrl: HttpUrl.optional(),
  webhookSecrets: z.array(z.string()).optional(),
  webhookSecretHeader: z
    .string()
    .regex(/^[A-Za-z0-9-]{1,64}$/)
    .optional(),
  timeoutMs: z.number().positive().optional(),
  deadlineMs: z.number().positive().optional(),
});

/** Where the adapter sends its calls, worked out once from the settings. */
export interface AzureLocation {
  /** The organization or collection URL, without a trailing slash. */
  collectionUrl: string;
  /** The organization (Services) or collection (Server) name, as full names start with it. */
  organization: string;
  /** Where `profiles/me` lives; undefined on Server, whose caller is in `connectionData`. */
  profileUrl: string | undefined;
  /** Microsoft Entra's base URL. */
  authorityUrl: string;
}

const trimSlash = (value: string): string => value.replace(/\/+$/, '');

function invalidSetting(field: string, issue: string): ScmError {
  return new ScmError('INVALID_REQUEST', {
    provider: AZURE_PROVIDER_ID,
    source: 'client',
    message: `Invalid Azure DevOps setting ${field}: ${issue}`,
    details: { field },
  });
}

/**
 * Checks the settings (a wrong one is `INVALID_REQUEST` naming the field, never a TypeError deep
 * in a request) and works out the collection URL and the organization name.
 */
export function resolveAzureSettings(settings: AzureDevOpsProviderSettings): AzureLocation {
  const parsed = SettingsSchema.safeParse(settings);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw invalidSetting(issue?.path.join('.') || 'settings', issue?.message ?? 'invalid');
  }
  const base = new URL(trimSlash(settings.baseUrl ?? AZURE_DEFAULT_BASE_URL));
  const segments = base.pathname.split('/').filter((segment) => segment !== '');
  let collection = trimSlash(base.toString());
  let organization: string | undefined = settings.organization;
  if (organization !== undefined) {
    collection = `${collection}/${organization}`;
  } else if (segments.length > 0) {
    organization = decodeURIComponent(segments[segments.length - 1] ?? '');
  } else if (base.hostname.endsWith('.visualstudio.com')) {
    // The older Services form: the organization is the host's first label.
    organization = base.hostname.slice(0, base.hostname.indexOf('.'));
  }
  if (organization === undefined || organization === '')
    throw invalidSetting(
      'organization',
      'name the organization, or give baseUrl as the organization or collection URL',
    );
  const services = base.hostname === 'dev.azure.com' || base.hostname.endsWith('.visualstudio.com');
  return {
    collectionUrl: collection,
    organization,
    profileUrl:
      settings.profileUrl !== undefined
        ? trimSlash(settings.profileUrl)
        : services
          ? 'https://app.vssps.visualstudio.com'
          : undefined,
    authorityUrl: trimSlash(settings.authorityUrl ?? AZURE_DEFAULT_AUTHORITY_URL),
  };
}
