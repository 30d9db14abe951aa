import {
  createHttpClient,
  ScmError,
  systemClock,
  transportOptions,
  type HttpClient,
  type HttpRequest,
  type Page,
  type PageQuery,
  type ProviderSettingsBase,
  type Repository,
} from '@scm/core';
import { z } from 'zod';
import {
  mapGitHubAppError,
  type GitHubAppAuthClient,
  type GitHubInstallationTarget,
} from './github-app-auth.js';
import { createGitHubErrorMapper, unexpectedShape } from './github-errors.js';
import { nextPage, pageParams } from './github-pagination.js';
import { WireInstallationRepositoriesSchema, WireInstallationSchema } from './github-schemas.js';
import { GITHUB_API_VERSION, GITHUB_DEFAULT_BASE_URL } from './github-settings.js';
import { GITHUB_PROVIDER_ID, type MapContext } from './map-common.js';
import { mapInstallation, type GitHubInstallation } from './map-installation.js';
import { mapRepository } from './map-repositories.js';

export type { GitHubInstallation } from './map-installation.js';

export interface GitHubInstallationsOptions extends Pick<
  ProviderSettingsBase,
  'baseUrl' | 'dispatcher' | 'userAgent' | 'timeoutMs' | 'retry' | 'logger' | 'clock' | 'includeRaw'
> {
  /** The app's credentials, from `createGitHubAppAuth` (share one so tokens are cached once). */
  appAuth: GitHubAppAuthClient;
}

export interface GitHubInstallations {
  /** Every installation of the app (`GET /app/installations`, authenticated as the app). */
  listInstallations(query: PageQuery): Promise<Page<GitHubInstallation>>;
  /** The repositories an installation can reach (`GET /installation/repositories`, as the installation). */
  listInstallationRepositories(
    target: GitHubInstallationTarget,
    query: PageQuery,
  ): Promise<Page<Repository>>;
  close(): Promise<void>;
}

const installationTokenErrors = createGitHubErrorMapper('app');

/**
 * Lists a GitHub App's installations and an installation's repositories, paginated with the same
 * page-number cursor as every other GitHub listing.
 * https://docs.github.com/en/rest/apps/installations#list-repositories-accessible-to-the-app-installation
 */
export function createGitHubInstallations(
  options: GitHubInstallationsOptions,
): GitHubInstallations {
  const { appAuth } = options;
  const context: MapContext = { includeRaw: options.includeRaw ?? false };
  const client = (mapError: typeof mapGitHubAppError): HttpClient =>
    createHttpClient({
      ...transportOptions(options),
      baseUrl: options.baseUrl ?? GITHUB_DEFAULT_BASE_URL,
      provider: GITHUB_PROVIDER_ID,
      clock: options.clock ?? systemClock,
      headers: {
        accept: 'application/vnd.github+json',
        'x-github-api-version': GITHUB_API_VERSION,
      },
      mapError,
    });
  // The app's endpoints and an installation's fail differently on 401 (a JWT vs a token).
  const appHttp = client(mapGitHubAppError);
  const installationHttp = client(installationTokenErrors);

  async function installationRequest(
    target: GitHubInstallationTarget,
    request: HttpRequest,
  ): Promise<{ body: unknown; next: string | null }> {
    const id =
      'installationId' in target
        ? target.installationId
        : await appAuth.installationIdForOwner(target.owner);
    const send = async (): Promise<{ body: unknown; next: string | null }> => {
      const { token } = await appAuth.installationToken(id);
      const response = await installationHttp.request({
        ...request,
        headers: { ...request.headers, authorization: `token ${token}` },
      });
      return { body: response.body, next: nextPage(response.headers) };
    };
    try {
      return await send();
    } catch (error) {
      // A cached token GitHub no longer accepts (revoked, or the permissions changed): mint a new
      // one once, then give up.
      if (!ScmError.isInstance(error) || error.code !== 'AUTH_EXPIRED') throw error;
      appAuth.invalidate(id);
      return send();
    }
  }

  return {
    async listInstallations(query) {
      const path = '/app/installations';
      const response = await appHttp.request({
        path,
        query: pageParams(query),
        headers: { authorization: `Bearer ${await appAuth.appJwt()}` },
      });
      const parsed = z.array(WireInstallationSchema).safeParse(response.body);
      if (!parsed.success) throw unexpectedShape(path);
      return {
        items: parsed.data.map((wire) => mapInstallation(wire, context)),
        nextCursor: nextPage(response.headers),
      };
    },

    async listInstallationRepositories(target, query) {
      const path = '/installation/repositories';
      const { body, next } = await installationRequest(target, { path, query: pageParams(query) });
      const parsed = WireInstallationRepositoriesSchema.safeParse(body);
      if (!parsed.success) throw unexpectedShape(path);
      return {
        items: parsed.data.repositories.map((wire) => mapRepository(wire, context)),
        nextCursor: next,
      };
    },

    close: async () => {
      await Promise.all([appHttp.close(), installationHttp.close()]);
    },
  };
}
