import { ScmError, type Operation, type Repository } from '@scm/core';
import { requireRole } from '../../auth/roles.js';
import type { SessionUser } from '../../auth/sessions.js';
import { newId } from '../../crypto/tokens.js';
import { gatewayError } from '../../http/errors.js';
import {
  installationRepositoriesPage,
  listInstallations,
  syncInstallations,
} from '../../integrations/app-flow.js';
import { resolveTenantHost } from '../../integrations/hosts.js';
import { connectWithToken } from '../../integrations/oauth-flow.js';
import {
  allPages,
  listIntegrationRepositories,
  MAX_PAGES,
} from '../../integrations/repositories.js';
import { asIntegration } from '../../integrations/store.js';
import { providerEntry, type GatewayProviderId } from '../../providers/catalogue.js';
import { readUpstream } from '../../ops/metrics.js';
import type { GatewayServices } from '../../services.js';
import { DISCONNECTED_REASON } from '../../webhooks/subscriptions.js';
import type { GitHubConnectBody, ReposQuery, TokenConnectBody } from './schemas.js';
import type { z } from 'zod';

// The workspace integrations (seed 002) over the integrations plane (src/integrations/): the
// tenant is the workspace, and a WorkspaceIntegration row says which of its integrations (and, for
// GitHub, which installation of its GitHub App) the workspace has connected per provider. This file
// decides and renders; the router only parses and answers.

const ADMINS = ['owner', 'admin'] as const;

/**
 * Connecting needs owner or admin (seed 002). The router asks before it reads the body, so a member
 * learns nothing from the body's validation; the connect functions ask again.
 */
export function requireConnectRole(session: SessionUser): void {
  requireRole(session, ADMINS, 'connect an integration');
}

const invalid = (field: string, message: string) =>
  gatewayError('INVALID_REQUEST', `${field}: ${message}`);

async function findLink(services: GatewayServices, tenantId: string, provider: GatewayProviderId) {
  return services.prisma.workspaceIntegration.findUnique({
    where: { tenantId_provider: { tenantId, provider } },
    include: { connection: { include: { providerHost: true, githubApp: true } } },
  });
}

type LinkRow = NonNullable<Awaited<ReturnType<typeof findLink>>>;

/** The connected link of a provider, or RESOURCE_NOT_FOUND naming the connect route. */
async function requireConnected(
  services: GatewayServices,
  tenantId: string,
  provider: GatewayProviderId,
): Promise<LinkRow> {
  const link = await findLink(services, tenantId, provider);
  if (link === null || link.status !== 'connected')
    throw gatewayError(
      'RESOURCE_NOT_FOUND',
      `No ${providerEntry(provider).displayName} integration is connected to this workspace; connect one with POST /api/integrations/${provider}/connect.`,
      { provider },
    );
  return link;
}

/**
 * A workspace integration: `status` is `connected`, `disconnected`, or `error` when the provider
 * refused the stored credentials (the reason in `status_reason`).
 */
export function presentLink(link: LinkRow) {
  const { connection } = link;
  const failed = connection.status !== 'active' && link.status === 'connected';
  return {
    id: link.id,
    provider: link.provider,
    status: failed ? 'error' : link.status,
    status_reason: failed ? connection.statusReason : null,
    account_login: link.accountLogin,
    installation_id: link.installationId,
    integration_id: connection.id,
    auth_mode: connection.tokenType,
    host_url: connection.providerHost.webBaseUrl,
    connected_at: link.connectedAt.toISOString(),
    disconnected_at: link.disconnectedAt?.toISOString() ?? null,
  };
}

export async function listWorkspaceIntegrations(services: GatewayServices, session: SessionUser) {
  const links = await services.prisma.workspaceIntegration.findMany({
    where: { tenantId: session.tenantId },
    include: { connection: { include: { providerHost: true, githubApp: true } } },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
  });
  return links.map(presentLink);
}

/** Records (or reactivates) the workspace's link; subscriptions disabled before stay disabled. */
async function saveLink(
  services: GatewayServices,
  session: SessionUser,
  input: {
    provider: GatewayProviderId;
    connectionId: string;
    installationId: string | null;
    accountLogin: string;
  },
): Promise<LinkRow> {
  const fields = {
    connectionId: input.connectionId,
    installationId: input.installationId,
    accountLogin: input.accountLogin,
    status: 'connected',
    connectedByUserId: session.user.id,
    connectedAt: new Date(services.now()),
    disconnectedAt: null,
  };
  await services.prisma.workspaceIntegration.upsert({
    where: { tenantId_provider: { tenantId: session.tenantId, provider: input.provider } },
    create: { id: newId('wsint'), tenantId: session.tenantId, provider: input.provider, ...fields },
    update: fields,
  });
  const link = await findLink(services, session.tenantId, input.provider);
  if (link === null) throw gatewayError('RESOURCE_NOT_FOUND', 'The integration was removed.');
  return link;
}

/**
 * GitHub: `installationId` must be an installation of one of the tenant's GitHub Apps (synced from
 * GitHub, as the app, when it is not stored yet) and `accountLogin` the account it is installed on.
 */
export async function connectGitHub(
  services: GatewayServices,
  session: SessionUser,
  /** A provider whose apps are installed on accounts (the catalogue's `app`). */
  provider: GatewayProviderId,
  body: z.infer<typeof GitHubConnectBody>,
) {
  requireConnectRole(session);
  const apps = await services.prisma.gitHubApp.findMany({
    where: {
      tenantId: session.tenantId,
      connection: { customerId: null, provider, tokenType: 'github_app' },
    },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
  });
  if (apps.length === 0)
    throw invalid(
      'installationId',
      'this workspace has no GitHub App yet; create one with POST /v1/integrations/github/start and install it',
    );
  const lookup = async (sync: boolean) => {
    for (const app of apps) {
      const installations = sync
        ? await syncInstallations(services, app.connectionId)
        : await listInstallations(services, app.id);
      const found = installations.find((item) => item.installationId === body.installationId);
      if (found !== undefined) return { app, installation: found };
    }
    return undefined;
  };
  // Stored installations first; synced now when it is not there (or stored as suspended).
  let found = await lookup(false);
  if (found === undefined || found.installation.suspendedAt !== null) found = await lookup(true);
  if (found === undefined)
    throw invalid(
      'installationId',
      `${body.installationId} is not an installation of this workspace's GitHub App (install the app, then connect)`,
    );
  const { app, installation } = found;
  if (installation.accountLogin.toLowerCase() !== body.accountLogin.toLowerCase())
    throw invalid(
      'accountLogin',
      `installation ${body.installationId} is on ${installation.accountLogin}, not ${body.accountLogin}`,
    );
  if (installation.suspendedAt !== null)
    throw invalid('installationId', `installation ${body.installationId} is suspended on GitHub`);
  return presentLink(
    await saveLink(services, session, {
      provider,
      connectionId: app.connectionId,
      installationId: installation.installationId,
      accountLogin: installation.accountLogin,
    }),
  );
}

/**
 * Other providers: a token of the account through the plane's token mode (GitLab); a provider
 * without one is connected with the OAuth connect flow instead.
 */
export async function connectWithAccessToken(
  services: GatewayServices,
  session: SessionUser,
  provider: GatewayProviderId,
  body: z.infer<typeof TokenConnectBody>,
) {
  requireConnectRole(session);
  const entry = providerEntry(provider);
  if (entry.accessToken === undefined)
    throw gatewayError(
      'UNSUPPORTED_PROVIDER',
      `${entry.displayName} is connected with the OAuth connect flow (GET /v1/auth/${provider}/start), not with a token here.`,
      { provider },
    );
  let host;
  try {
    host =
      body.host_url === undefined
        ? services.hosts.defaultFor(provider)
        : await resolveTenantHost(services, {
            tenantId: session.tenantId,
            provider,
            hostUrl: body.host_url,
            userId: session.user.id,
          });
  } catch (error) {
    if (ScmError.isInstance(error) && error.code === 'INVALID_REQUEST')
      throw invalid('host_url', error.message);
    throw error;
  }
  let connected;
  try {
    connected = await connectWithToken(services, {
      provider,
      host,
      tenantId: session.tenantId,
      userId: session.user.id,
      token: body.token,
      displayName: body.display_name,
    });
  } catch (error) {
    if (
      ScmError.isInstance(error) &&
      ['AUTH_EXPIRED', 'INVALID_CREDENTIALS', 'INSUFFICIENT_SCOPE', 'INVALID_REQUEST'].includes(
        error.code,
      )
    )
      throw invalid('token', error.message);
    throw error;
  }
  const link = await saveLink(services, session, {
    provider,
    connectionId: connected.connection.id,
    installationId: null,
    accountLogin: connected.connection.accountLogin,
  });
  // The webhook secret is shown once, now (stored sealed).
  return { ...presentLink(link), webhook: connected.webhook };
}

/**
 * Disconnects the workspace's integration of a provider: every event subscription of the tenant on
 * that integration is turned off (`disabledReason` "integration disconnected") and the link kept as
 * `disconnected`. Reconnecting does not turn them back on (seed 002).
 */
export async function disconnectIntegration(
  services: GatewayServices,
  session: SessionUser,
  provider: GatewayProviderId,
) {
  requireRole(session, ADMINS, 'disconnect an integration');
  const link = await requireConnected(services, session.tenantId, provider);
  const now = new Date(services.now());
  const [disabled] = await services.prisma.$transaction([
    services.prisma.eventSubscription.updateMany({
      where: { tenantId: session.tenantId, connectionId: link.connectionId, active: true },
      data: { active: false, disabledReason: DISCONNECTED_REASON },
    }),
    services.prisma.workspaceIntegration.update({
      where: { id: link.id },
      data: { status: 'disconnected', disconnectedAt: now },
    }),
  ]);
  services.inbound.sources.invalidate();
  const after = await findLink(services, session.tenantId, provider);
  return {
    integration: presentLink(after ?? link),
    disabled_subscriptions: disabled.count,
  };
}

interface CatalogueEntry {
  id: string;
  name: string;
  description: string;
  /** The adapter operation the item needs (its capability decides `supported`). */
  operation: Operation;
}

// Checks read state from the provider; each depends on one operation of the adapter contract.
const CHECKS: readonly CatalogueEntry[] = [
  {
    id: 'branch_protection',
    name: 'Branch protection',
    description: 'Whether the default branch is protected.',
    operation: 'listBranches', // branches carry their protection flag
  },
  {
    id: 'ci_status',
    name: 'CI status',
    description: 'The state of the check runs and commit statuses of a commit.',
    operation: 'listChecks',
  },
  {
    id: 'pull_request_reviews',
    name: 'Pull request reviews',
    description: 'The open pull requests (merge requests) and their review state.',
    operation: 'listPullRequests',
  },
  {
    id: 'deployments',
    name: 'Deployments',
    description: 'The deployments of a repository and their environments.',
    operation: 'listDeployments',
  },
];

// Actions change something at the provider; each depends on one write operation.
const ACTIONS: readonly CatalogueEntry[] = [
  {
    id: 'label',
    name: 'Label',
    description: 'Adds labels to a pull request or issue.',
    operation: 'addLabels',
  },
  {
    id: 'comment',
    name: 'Comment',
    description: 'Comments on a pull request or issue.',
    operation: 'createComment',
  },
  {
    id: 'commit_status',
    name: 'Commit status',
    description: 'Sets a commit status (success, failure, pending) on a commit.',
    operation: 'setCommitStatus',
  },
  {
    id: 'notify',
    name: 'Notify',
    description: "Delivers the repository's events to a URL (a webhook the gateway creates).",
    operation: 'createWebhook',
  },
];

function catalogue(
  services: GatewayServices,
  provider: GatewayProviderId,
  entries: readonly CatalogueEntry[],
) {
  const capabilities = services.providers.capabilities(provider);
  return entries.map(({ id, name, description, operation }) => ({
    id,
    name,
    description,
    supported: capabilities[operation].supported,
  }));
}

export const providerChecks = (services: GatewayServices, provider: GatewayProviderId) =>
  catalogue(services, provider, CHECKS);
export const providerActions = (services: GatewayServices, provider: GatewayProviderId) =>
  catalogue(services, provider, ACTIONS);

/** Every repository of the connected installation (GitHub), as the installation. */
function installationRepositories(
  services: GatewayServices,
  link: LinkRow,
  installationId: string,
): Promise<Repository[]> {
  return allPages(
    (cursor) =>
      asIntegration(services, link.connectionId, () =>
        installationRepositoriesPage(services, {
          connectionId: link.connectionId,
          installationId,
          cursor,
        }),
      ),
    `This installation reaches more than ${String(MAX_PAGES * 100)} repositories.`,
  );
}

/**
 * `GET /:provider/repos`: every repository the connected integration reaches, filtered by `search`
 * (a case-insensitive substring of the full name), then one page of it; `total` counts them all.
 */
export async function workspaceRepositories(
  services: GatewayServices,
  session: SessionUser,
  provider: GatewayProviderId,
  query: z.infer<typeof ReposQuery>,
) {
  const link = await requireConnected(services, session.tenantId, provider);
  const all =
    link.installationId === null
      ? await listIntegrationRepositories(services, link.connection)
      : await installationRepositories(services, link, link.installationId);
  const needle = query.search?.trim().toLowerCase() ?? '';
  const matching =
    needle === '' ? all : all.filter((repo) => repo.fullName.toLowerCase().includes(needle));
  const start = (query.page - 1) * query.per_page;
  return {
    repos: matching.slice(start, start + query.per_page).map((repo) => ({
      id: repo.id,
      name: repo.fullName,
      private: repo.visibility !== 'public',
    })),
    total: matching.length,
    page: query.page,
    per_page: query.per_page,
  };
}

const reasonOf = (error: unknown): string =>
  ScmError.isInstance(error)
    ? `${error.code}: ${error.message}`
    : error instanceof Error
      ? error.message
      : String(error);

/**
 * `GET /:provider/health`: one call to the provider with the stored credentials — for a GitHub App
 * its installations (as the app) and a page of the connected installation's repositories (as the
 * installation); otherwise the account behind the token. An upstream fault is `healthy: false`
 * with the reason, never an error answer. `rate_limit_remaining` is what the provider reported on
 * the last of those calls (null when it sends no rate-limit headers); installation tokens are
 * minted per call (no stored expiry).
 */
export async function integrationHealth(
  services: GatewayServices,
  session: SessionUser,
  provider: GatewayProviderId,
) {
  const link = await findLink(services, session.tenantId, provider);
  const base = {
    healthy: false,
    latency_ms: null as number | null,
    rate_limit_remaining: null as number | null,
    token_expires_at: null as string | null,
  };
  if (link === null || link.status !== 'connected')
    return {
      ...base,
      reason: `no ${providerEntry(provider).displayName} integration is connected`,
    };
  const { connection } = link;
  const tokenExpiresAt = connection.expiresAt?.toISOString() ?? null;
  const started = performance.now();
  const latency = () => Math.round(performance.now() - started);
  try {
    const { result: unhealthy, rateLimitRemaining } = await readUpstream(async () => {
      if (link.installationId === null) {
        await asIntegration(services, connection.id, () =>
          services.providers.forConnection(connection).getViewer(),
        );
        return null;
      }
      const installations = await syncInstallations(services, link.connectionId);
      const installation = installations.find(
        (item) => item.installationId === link.installationId,
      );
      if (installation === undefined)
        return `installation ${link.installationId} was removed from GitHub`;
      if (installation.suspendedAt !== null)
        return `installation ${link.installationId} is suspended on GitHub`;
      await installationRepositoriesPage(services, {
        connectionId: link.connectionId,
        installationId: link.installationId,
        cursor: undefined,
      });
      return null;
    });
    if (unhealthy !== null)
      return {
        ...base,
        latency_ms: latency(),
        rate_limit_remaining: rateLimitRemaining,
        reason: unhealthy,
      };
    return {
      healthy: true,
      latency_ms: latency(),
      rate_limit_remaining: rateLimitRemaining,
      token_expires_at: tokenExpiresAt,
    };
  } catch (error) {
    return {
      ...base,
      latency_ms: latency(),
      token_expires_at: tokenExpiresAt,
      reason: reasonOf(error),
    };
  }
}
