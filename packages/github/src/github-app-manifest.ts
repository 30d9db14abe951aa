import {
  createHttpClient,
  ScmError,
  transportOptions,
  type HttpErrorContext,
  type ProviderSettingsBase,
} from '@scm/core';
import { z } from 'zod';
import { createGitHubErrorMapper } from './github-errors.js';
import { GITHUB_API_VERSION, GITHUB_DEFAULT_BASE_URL } from './github-settings.js';

// Registering a GitHub App from a manifest: the user's browser POSTs the manifest to GitHub,
// GitHub redirects back with a one-hour, single-use `code`, and the code is exchanged for the new
// app's id, key and secrets.
// https://docs.github.com/en/apps/sharing-github-apps/registering-a-github-app-from-a-manifest

const PROVIDER = 'github';
// GitHub's manifest codes are short hex strings; anything else never reaches a URL path.
const MANIFEST_CODE = /^[A-Za-z0-9_-]{1,100}$/;
const ORGANIZATION = /^[A-Za-z0-9][A-Za-z0-9-]{0,38}$/;

/** The manifest's fields, in GitHub's names. */
export interface GitHubAppManifest {
  name?: string;
  /** The app's homepage (required by GitHub). */
  url: string;
  hook_attributes?: { url: string; active?: boolean };
  /** Where GitHub sends the browser back with `code` after the app is created. */
  redirect_url: string;
  callback_urls?: string[];
  setup_url?: string;
  description?: string;
  public?: boolean;
  default_events?: string[];
  default_permissions?: Record<string, 'read' | 'write' | 'admin'>;
  request_oauth_on_install?: boolean;
  setup_on_update?: boolean;
}

/**
 * Where the browser must POST the manifest (a form with one `manifest` field holding its JSON):
 * the user's or an organization's "new app" page, on github.com or the GHES host root.
 */
export function githubAppManifestFormAction(input: {
  /** `https://github.com`, or the GHES host root. */
  webBaseUrl: string;
  state: string;
  /** Create the app under this organization instead of the signed-in user. */
  organization?: string | undefined;
}): string {
  if (input.state === '') throw invalid('state is required');
  if (input.organization !== undefined && !ORGANIZATION.test(input.organization))
    throw invalid('organization is not a GitHub organization login');
  const base = input.webBaseUrl.replace(/\/+$/, '');
  const path =
    input.organization === undefined
      ? '/settings/apps/new'
      : `/organizations/${input.organization}/settings/apps/new`;
  const url = new URL(`${base}${path}`);
  url.searchParams.set('state', input.state);
  return url.toString();
}

/** The new app's credentials. Store them encrypted; never log them. */
export interface GitHubAppCredentials {
  appId: number;
  slug: string;
  name: string;
  /** Login of the user or organization that owns the app. */
  owner: string | null;
  htmlUrl: string;
  clientId: string;
  clientSecret: string;
  webhookSecret: string | null;
  /** The app's private key, PEM. */
  privateKey: string;
}

const ConversionSchema = z.object({
  id: z.number().int(),
  slug: z.string(),
  name: z.string(),
  owner: z.object({ login: z.string().optional(), slug: z.string().optional() }).nullish(),
  html_url: z.string(),
  client_id: z.string(),
  client_secret: z.string(),
  webhook_secret: z.string().nullish(),
  pem: z.string(),
});

function invalid(message: string): ScmError {
  return new ScmError('INVALID_REQUEST', { provider: PROVIDER, source: 'client', message });
}

const githubErrors = createGitHubErrorMapper('token');

// An unknown code is a 404: it was used, expired (after an hour) or never issued. The user has to
// go through the creation page again.
function mapConversionError(context: HttpErrorContext): ScmError | undefined {
  if (context.status === 404)
    return new ScmError('AUTH_EXPIRED', {
      provider: PROVIDER,
      source: 'provider',
      message: 'The GitHub App manifest code was already used, expired, or never issued.',
      suggestedAction: 'restart_app_creation',
    });
  return githubErrors(context);
}

export interface ConvertGitHubAppManifestOptions extends Pick<
  ProviderSettingsBase,
  'baseUrl' | 'dispatcher' | 'userAgent' | 'timeoutMs' | 'logger' | 'clock'
> {
  /** The `code` GitHub appended to the manifest's `redirect_url`. */
  code: string;
}

/** Exchanges a manifest code for the new app's credentials (`POST /app-manifests/{code}/conversions`). */
export async function convertGitHubAppManifest(
  options: ConvertGitHubAppManifestOptions,
): Promise<GitHubAppCredentials> {
  if (!MANIFEST_CODE.test(options.code)) throw invalid('code is not a GitHub manifest code');
  const http = createHttpClient({
    ...transportOptions(options),
    baseUrl: options.baseUrl ?? GITHUB_DEFAULT_BASE_URL,
    provider: PROVIDER,
    headers: { accept: 'application/vnd.github+json', 'x-github-api-version': GITHUB_API_VERSION },
    mapError: mapConversionError,
  });
  try {
    // No credentials: the code itself is the proof (it buys the app's private key and secrets
    // until spent), so it is a secret of the request: out of log lines and error details. Single
    // use, so never retried.
    const response = await http.request({
      method: 'POST',
      path: `/app-manifests/${options.code}/conversions`,
      idempotent: false,
      secrets: [options.code],
    });
    const parsed = ConversionSchema.safeParse(response.body);
    if (!parsed.success)
      throw new ScmError('UPSTREAM_UNAVAILABLE', {
        provider: PROVIDER,
        message: 'GitHub answered the manifest conversion with an unexpected response shape.',
      });
    const app = parsed.data;
    return {
      appId: app.id,
      slug: app.slug,
      name: app.name,
      owner: app.owner?.login ?? app.owner?.slug ?? null,
      htmlUrl: app.html_url,
      clientId: app.client_id,
      clientSecret: app.client_secret,
      webhookSecret: app.webhook_secret ?? null,
      privateKey: app.pem,
    };
  } finally {
    await http.close();
  }
}
