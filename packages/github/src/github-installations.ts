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
import {
  WireInstallationRepositoriesSchema,
  WireInstallationSchema,
  WireSimpleUserSchema,
} from './github-schemas.js';
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
  /**
   * Whether a branch is protected (`GET /repos/{owner}/{repo}/branches/{branch}/protection`; 404
   * "Branch not protected" is false). Needs the `administration: read` permission.
   * https://docs.github.com/en/rest/branches/branch-protection#get-branch-protection
   */
  getBranchProtection(
    target: GitHubInstallationTarget,
    input: { owner: string; repo: string; branch: string },
  ): Promise<GitHubBranchProtection>;
  /**
   * A repository's collaborators with their permissions (`GET /repos/{owner}/{repo}/collaborators`).
   * https://docs.github.com/en/rest/collaborators/collaborators#list-repository-collaborators
   */
  listCollaborators(
    target: GitHubInstallationTarget,
    input: { owner: string; repo: string; affiliation?: 'outside' | 'direct' | 'all' },
    query: PageQuery,
  ): Promise<Page<GitHubCollaborator>>;
  /**
   * An organization's members, `role=admin` for its owners (`GET /orgs/{org}/members`). Needs the
   * `members: read` permission.
   * https://docs.github.com/en/rest/orgs/members#list-organization-members
   */
  listOrganizationMembers(
    target: GitHubInstallationTarget,
    input: { org: string; role?: 'all' | 'admin' | 'member' },
    query: PageQuery,
  ): Promise<Page<GitHubMember>>;
  close(): Promise<void>;
}

export interface GitHubBranchProtection {
  protected: boolean;
  /** Whether the rules apply to administrators too (false when not protected). */
  enforceAdmins: boolean;
  requiredApprovingReviews: number | null;
  requiredStatusChecks: string[];
}

export interface GitHubMember {
  id: string;
  login: string;
}

export interface GitHubCollaborator extends GitHubMember {
  permissions: { pull: boolean; triage: boolean; push: boolean; maintain: boolean; admin: boolean };
  /** `read`, `triage`, `write`, `maintain`, `admin` or a custom role's name. */
  roleName: string | null;
}

const WireProtectionSchema = z.object({
  enforce_admins: z.object({ enabled: z.boolean() }).optional(),
  required_pull_request_reviews: z
    .object({ required_approving_review_count: z.number().optional() })
    .optional(),
  required_status_checks: z.object({ contexts: z.array(z.string()).optional() }).nullish(),
});

const WireCollaboratorSchema = WireSimpleUserSchema.extend({
  permissions: z
    .object({
      pull: z.boolean(),
      triage: z.boolean().optional(),
      push: z.boolean(),
      maintain: z.boolean().optional(),
      admin: z.boolean(),
    })
    .optional(),
  role_name: z.string().optional(),
});

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

    async getBranchProtection(target, { owner, repo, branch }) {
      const path = `/repos/${encodeURIComponent(owner)}/${encodeURIComponent(repo)}/branches/${encodeURIComponent(branch)}/protection`;
      let body: unknown;
      try {
        ({ body } = await installationRequest(target, { path }));
      } catch (error) {
        // 404 "Branch not protected" (or an unknown branch): not protected.
        if (ScmError.isInstance(error) && error.code === 'RESOURCE_NOT_FOUND')
          return {
            protected: false,
            enforceAdmins: false,
            requiredApprovingReviews: null,
            requiredStatusChecks: [],
          };
        throw error;
      }
      const parsed = WireProtectionSchema.safeParse(body);
      if (!parsed.success) throw unexpectedShape(path);
      return {
        protected: true,
        enforceAdmins: parsed.data.enforce_admins?.enabled ?? false,
        requiredApprovingReviews:
          parsed.data.required_pull_request_reviews?.required_approving_review_count ?? null,
        requiredStatusChecks: parsed.data.required_status_checks?.contexts ?? [],
      };
    },

    async listCollaborators(target, { owner, repo, affiliation }, query) {
      const path = `/repos/${encodeURIComponent(owner)}/${encodeURIComponent(repo)}/collaborators`;
      const { body, next } = await installationRequest(target, {
        path,
        query: { ...pageParams(query), affiliation: affiliation ?? 'all' },
      });
      const parsed = z.array(WireCollaboratorSchema).safeParse(body);
      if (!parsed.success) throw unexpectedShape(path);
      return {
        items: parsed.data.map((wire) => ({
          id: String(wire.id),
          login: wire.login,
          permissions: {
            pull: wire.permissions?.pull ?? false,
            triage: wire.permissions?.triage ?? false,
            push: wire.permissions?.push ?? false,
            maintain: wire.permissions?.maintain ?? false,
            admin: wire.permissions?.admin ?? false,
          },
          roleName: wire.role_name ?? null,
        })),
        nextCursor: next,
      };
    },

    async listOrganizationMembers(target, { org, role }, query) {
      const path = `/orgs/${encodeURIComponent(org)}/members`;
      const { body, next } = await installationRequest(target, {
        path,
        query: { ...pageParams(query), role: role ?? 'all' },
      });
      const parsed = z.array(WireSimpleUserSchema).safeParse(body);
      if (!parsed.success) throw unexpectedShape(path);
      return {
        items: parsed.data.map((wire) => ({ id: String(wire.id), login: wire.login })),
        nextCursor: next,
      };
    },

    close: async () => {
      await Promise.all([appHttp.close(), installationHttp.close()]);
    },
  };
}
