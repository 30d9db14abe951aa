import { createAppAuth } from '@octokit/auth-app';
import {
  createHttpClient,
  ScmError,
  silentLogger,
  systemClock,
  transportOptions,
  type HttpClient,
  type HttpErrorContext,
  type ProviderSettingsBase,
} from '@scm/core';
import { z } from 'zod';
import { createGitHubErrorMapper } from './github-errors.js';
import { GITHUB_API_VERSION, GITHUB_DEFAULT_BASE_URL } from './github-settings.js';

const PROVIDER = 'github';

export interface GitHubAppAuthOptions extends Pick<
  ProviderSettingsBase,
  'baseUrl' | 'dispatcher' | 'userAgent' | 'timeoutMs' | 'retry' | 'logger' | 'clock'
> {
  appId: number | string;
  /** The app's PEM private key (PKCS#1 as GitHub hands it out, or PKCS#8). Never logged. */
  privateKey: string;
  /**
   * Renew an installation token when it expires within this many ms. Default 5 minutes: GitHub's
   * tokens live one hour, and a request started just before expiry must not fail mid-way.
   */
  refreshBeforeMs?: number | undefined;
}

/** Which installation to act as: by id, or by the user or organization it is installed on. */
export type GitHubInstallationTarget = { installationId: number | string } | { owner: string };

export interface GitHubInstallationToken {
  token: string;
  /** Epoch ms. */
  expiresAt: number;
}

export interface GitHubAppAuthClient {
  /** A JWT for the app's own endpoints (`/app/...`), valid for a few minutes. */
  appJwt(): Promise<string>;
  /** A cached installation token, renewed before it expires; one renewal at a time per installation. */
  installationToken(installationId: number | string): Promise<GitHubInstallationToken>;
  /** The installation on a user or organization account, looked up once and cached. */
  installationIdForOwner(owner: string): Promise<number>;
  /** The installation token for a target: `{ installationId }` or `{ owner }`. */
  tokenFor(target: GitHubInstallationTarget): Promise<string>;
  /** Drops a cached token (GitHub refused it, e.g. the installation was removed). */
  invalidate(installationId: number | string): void;
  close(): Promise<void>;
}

const TokenResponseSchema = z.object({ token: z.string().min(1), expires_at: z.string() });
const InstallationSchema = z.object({ id: z.number().int().positive() });

// GitHub logins: letters, digits and hyphens (GHES adds `_` for LDAP/SAML-provisioned accounts).
const OWNER = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$/;
const INSTALLATION_ID = /^[1-9][0-9]{0,19}$/;

function invalidRequest(message: string): ScmError {
  return new ScmError('INVALID_REQUEST', { provider: PROVIDER, source: 'client', message });
}

function unexpectedShape(what: string): ScmError {
  return new ScmError('UPSTREAM_UNAVAILABLE', {
    provider: PROVIDER,
    message: `GitHub answered ${what} with an unexpected response shape.`,
  });
}

function installationIdOf(value: number | string): string {
  const id = String(value);
  if (!INSTALLATION_ID.test(id)) throw invalidRequest('installationId must be a positive integer');
  return id;
}

/**
 * App endpoints fail in their own ways: 401 means GitHub refused the JWT (wrong key or app id,
 * clock skew), 404 that the installation does not exist or is not this app's.
 * https://docs.github.com/en/apps/creating-github-apps/authenticating-with-a-github-app/authenticating-as-a-github-app-installation
 */
function mapAppEndpointError(context: HttpErrorContext): ScmError | undefined {
  const message =
    typeof context.body === 'object' && context.body !== null && 'message' in context.body
      ? String(context.body.message).slice(0, 200)
      : undefined;
  if (context.status === 401)
    return new ScmError('INVALID_CREDENTIALS', {
      provider: PROVIDER,
      source: 'provider',
      message: `GitHub refused the app's JSON web token${message ? `: ${message}` : ''}`,
      suggestedAction: 'check_app_id_and_private_key',
    });
  if (context.status === 404 && /\/installation(s\/|$)/.test(context.path))
    return new ScmError('INSTALLATION_NOT_FOUND', {
      provider: PROVIDER,
      source: 'provider',
      message: 'The GitHub App is not installed there, or the installation was removed.',
    });
  return undefined;
}

const githubErrors = createGitHubErrorMapper('app');

/** Rate limits as on every GitHub endpoint; then the app endpoints' own meanings. */
export function mapGitHubAppError(context: HttpErrorContext): ScmError | undefined {
  const general = githubErrors(context);
  if (general?.code === 'RATE_LIMITED') return general;
  return mapAppEndpointError(context) ?? general;
}

/**
 * GitHub App authentication: the app JWT is signed by `@octokit/auth-app`; installation tokens are
 * minted over this package's own transport (the injected dispatcher, `baseUrl` for GHES, timeouts,
 * canonical errors) and cached against the injected clock.
 */
export function createGitHubAppAuth(options: GitHubAppAuthOptions): GitHubAppAuthClient {
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? silentLogger;
  const refreshBeforeMs = options.refreshBeforeMs ?? 5 * 60_000;
  if (String(options.appId).trim() === '') throw invalidRequest('appId is required');
  if (options.privateKey.trim() === '') throw invalidRequest('privateKey is required');
  // Only the JWT strategy of auth-app is used: it makes no request and keeps no token cache here.
  const signer = createAppAuth({
    appId: options.appId,
    privateKey: options.privateKey,
    log: {
      warn: (message: string) => {
        logger.warn(message.slice(0, 200));
      },
    },
  });
  const http: HttpClient = createHttpClient({
    ...transportOptions(options),
    baseUrl: options.baseUrl ?? GITHUB_DEFAULT_BASE_URL,
    provider: PROVIDER,
    clock,
    headers: {
      accept: 'application/vnd.github+json',
      'x-github-api-version': GITHUB_API_VERSION,
    },
    mapError: mapGitHubAppError,
  });

  let jwt: { token: string; expiresAt: number } | null = null;
  const tokens = new Map<string, GitHubInstallationToken>();
  const minting = new Map<string, Promise<GitHubInstallationToken>>();
  const owners = new Map<string, Promise<number>>();

  async function appJwt(): Promise<string> {
    // auth-app signs with iat 30 s in the past and a 10-minute lifetime; re-sign a minute early.
    if (jwt !== null && jwt.expiresAt - 60_000 > clock.now()) return jwt.token;
    let signed: { token: string; expiresAt: string };
    try {
      signed = await signer({ type: 'app' });
    } catch {
      // The signer's error may quote the key material: keep none of it.
      throw new ScmError('INVALID_CREDENTIALS', {
        provider: PROVIDER,
        message:
          'The GitHub App private key could not sign a JSON web token (is it a PEM RSA key?).',
        suggestedAction: 'check_app_id_and_private_key',
      });
    }
    jwt = {
      token: signed.token,
      expiresAt: Math.min(Date.parse(signed.expiresAt), clock.now() + 540_000),
    };
    return signed.token;
  }

  async function mint(id: string): Promise<GitHubInstallationToken> {
    const response = await http.request({
      method: 'POST',
      path: `/app/installations/${id}/access_tokens`,
      // Minting twice is harmless, so a 5xx or a dropped connection may be retried.
      idempotent: true,
      headers: { authorization: `Bearer ${await appJwt()}` },
    });
    const parsed = TokenResponseSchema.safeParse(response.body);
    const expiresAt = parsed.success ? Date.parse(parsed.data.expires_at) : Number.NaN;
    if (!parsed.success || Number.isNaN(expiresAt))
      throw unexpectedShape('the installation token request');
    logger.debug('github app installation token minted', {
      provider: PROVIDER,
      installationId: id,
      expiresAt: parsed.data.expires_at,
    });
    return { token: parsed.data.token, expiresAt };
  }

  function installationToken(installationId: number | string): Promise<GitHubInstallationToken> {
    const id = installationIdOf(installationId);
    const cached = tokens.get(id);
    if (cached !== undefined && cached.expiresAt - refreshBeforeMs > clock.now())
      return Promise.resolve(cached);
    const pending = minting.get(id);
    if (pending !== undefined) return pending;
    const next = mint(id)
      .then((token) => {
        tokens.set(id, token);
        return token;
      })
      .finally(() => minting.delete(id));
    minting.set(id, next);
    return next;
  }

  async function lookupOwner(owner: string): Promise<number> {
    const get = async (path: string): Promise<number> => {
      const response = await http.request({
        path,
        headers: { authorization: `Bearer ${await appJwt()}` },
      });
      const parsed = InstallationSchema.safeParse(response.body);
      if (!parsed.success) throw unexpectedShape('the installation lookup');
      return parsed.data.id;
    };
    const segment = encodeURIComponent(owner);
    try {
      return await get(`/users/${segment}/installation`);
    } catch (error) {
      // Accounts resolve through /users/ on github.com; some GHES versions serve organizations
      // only under /orgs/. https://docs.github.com/en/rest/apps/apps#get-an-organization-installation-for-the-authenticated-app
      if (!ScmError.isInstance(error) || error.code !== 'INSTALLATION_NOT_FOUND') throw error;
      return get(`/orgs/${segment}/installation`);
    }
  }

  function installationIdForOwner(owner: string): Promise<number> {
    if (!OWNER.test(owner)) return Promise.reject(invalidRequest('owner is not a GitHub login'));
    const key = owner.toLowerCase();
    const known = owners.get(key);
    if (known !== undefined) return known;
    const lookup = lookupOwner(owner);
    owners.set(key, lookup);
    // A failed lookup is not remembered: the app may be installed a minute later.
    void lookup.catch(() => owners.delete(key));
    return lookup;
  }

  return {
    appJwt,
    installationToken,
    installationIdForOwner,
    async tokenFor(target) {
      if ('installationId' in target) return (await installationToken(target.installationId)).token;
      const id = await installationIdForOwner(target.owner);
      try {
        return (await installationToken(id)).token;
      } catch (error) {
        // The app was uninstalled (and maybe installed again under a new id): look the owner up
        // afresh next time instead of asking for the removed installation forever.
        if (ScmError.isInstance(error) && error.code === 'INSTALLATION_NOT_FOUND')
          owners.delete(target.owner.toLowerCase());
        throw error;
      }
    },
    invalidate(installationId) {
      tokens.delete(String(installationId));
    },
    close: () => http.close(),
  };
}
