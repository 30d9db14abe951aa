import { pkceChallenge, type Repository } from '@scm/core';
import { requireRole } from '../../auth/roles.js';
import type { SessionUser } from '../../auth/sessions.js';
import { hashSecret, safeEqual } from '../../crypto/tokens.js';
import { gatewayError } from '../../http/errors.js';
import {
  appSupportOf,
  completeManifest,
  listInstallations,
  manifestFor,
  recordInstallation,
  syncInstallations,
} from '../../integrations/app-flow.js';
import {
  bindFlow,
  findFlow,
  spendFlow,
  startFlow,
  type FlowKind,
  type FlowState,
} from '../../integrations/flows.js';
import { findTenantHost, resolveTenantHost } from '../../integrations/hosts.js';
import { authorizeUrl, completeOAuth, connectWithToken } from '../../integrations/oauth-flow.js';
import { listIntegrationRepositories } from '../../integrations/repositories.js';
import {
  deleteIntegration,
  findTenantIntegration,
  replaceWebhookSecret,
} from '../../integrations/store.js';
import { providerEntry, type GatewayProviderId } from '../../providers/catalogue.js';
import { requireProvider } from '../../providers/require-provider.js';
import type { GatewayServices } from '../../services.js';
import type { StartBody } from './schemas.js';
import { inboundWebhookUrl } from '../../webhooks/inbound-url.js';

// Oore CI's integrations (seeds 000/001) over the integrations plane (src/integrations/): this file
// decides and renders the seed's shapes; the router only parses and answers.

const ADMINS = ['owner', 'admin'] as const;
const epoch = (date: Date): number => Math.floor(date.getTime() / 1000);

type IntegrationRow = Awaited<ReturnType<typeof findTenantIntegration>>;

/** Oore's integration object; `expired` (GitFlare's word) is an `error` here. */
export function presentIntegration(row: IntegrationRow) {
  return {
    id: row.id,
    provider: row.provider,
    host_url: row.providerHost.webBaseUrl,
    auth_mode: row.tokenType,
    status: row.status === 'expired' ? 'error' : row.status,
    status_reason: row.statusReason,
    display_name: row.displayName ?? row.accountName ?? row.accountLogin,
    app_id: row.githubApp?.appId ?? null,
    app_slug: row.githubApp?.slug ?? null,
    account: {
      id: row.accountId,
      username: row.accountLogin,
      name: row.accountName,
      email: row.accountEmail,
      avatar_url: row.accountAvatarUrl,
      profile_url: row.accountProfileUrl,
    },
    created_by: row.userId,
    created_at: epoch(row.createdAt),
    updated_at: epoch(row.updatedAt),
  };
}

export function presentRepository(repository: Repository) {
  return {
    id: repository.id,
    name: repository.name,
    full_name: repository.fullName,
    url: repository.webUrl,
    visibility: repository.visibility,
    default_branch: repository.defaultBranch,
    clone_url: repository.cloneUrl,
    ssh_url: repository.sshUrl,
    archived: repository.archived,
  };
}

type InstallationRow = Awaited<ReturnType<typeof listInstallations>>[number];

export function presentInstallation(row: InstallationRow) {
  return {
    id: row.installationId,
    account: { id: row.accountId, login: row.accountLogin, type: row.accountType },
    repository_selection: row.repositorySelection,
    suspended: row.suspendedAt !== null,
    suspended_at: row.suspendedAt === null ? null : epoch(row.suspendedAt),
    permissions: JSON.parse(row.permissions) as Record<string, string>,
    events: JSON.parse(row.events) as string[],
    last_synced_at: epoch(row.lastSyncedAt),
  };
}

export async function listIntegrations(services: GatewayServices, session: SessionUser) {
  const rows = await services.prisma.connection.findMany({
    where: { tenantId: session.tenantId, customerId: null },
    include: { providerHost: true, githubApp: true },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
  });
  return rows.map(presentIntegration);
}

export async function getIntegration(services: GatewayServices, session: SessionUser, id: string) {
  return presentIntegration(await findTenantIntegration(services, session.tenantId, id));
}

/** The tenant's integration `id`, for an owner or admin about to `action` it. */
async function integrationToManage(
  services: GatewayServices,
  session: SessionUser,
  id: string,
  action: string,
) {
  requireRole(session, ADMINS, action);
  return findTenantIntegration(services, session.tenantId, id);
}

export async function removeIntegration(
  services: GatewayServices,
  session: SessionUser,
  id: string,
) {
  const row = await integrationToManage(services, session, id, 'delete an integration');
  await deleteIntegration(services, row.id);
  return { ...presentIntegration(row), status: 'revoked' };
}

export async function integrationRepositories(
  services: GatewayServices,
  session: SessionUser,
  id: string,
) {
  const row = await findTenantIntegration(services, session.tenantId, id);
  return (await listIntegrationRepositories(services, row)).map(presentRepository);
}

async function appIntegration(services: GatewayServices, session: SessionUser, id: string) {
  const row = await findTenantIntegration(services, session.tenantId, id);
  if (row.githubApp === null)
    throw gatewayError(
      'INVALID_REQUEST',
      'Only an app integration (auth_mode github_app) has installations.',
    );
  return { ...row, githubApp: row.githubApp };
}

export async function integrationInstallations(
  services: GatewayServices,
  session: SessionUser,
  id: string,
) {
  const row = await appIntegration(services, session, id);
  return (await listInstallations(services, row.githubApp.id)).map(presentInstallation);
}

export async function syncIntegrationInstallations(
  services: GatewayServices,
  session: SessionUser,
  id: string,
) {
  requireRole(session, ADMINS, 'sync installations');
  const row = await appIntegration(services, session, id);
  return (await syncInstallations(services, row.id)).map(presentInstallation);
}

/**
 * `POST /v1/integrations/{id}/webhook-secret`: the secret to paste into the provider's hook
 * settings (seed 001: "Secret token: use the webhook secret shown in Oore"), shown this once. An
 * OAuth-mode integration gets its first one here; any other gets a new one, and hooks sending the
 * old one are refused from then on. Only where deliveries carry the secret as is (GitLab).
 */
export async function issueWebhookSecret(
  services: GatewayServices,
  session: SessionUser,
  id: string,
) {
  const row = await integrationToManage(services, session, id, 'issue a webhook secret');
  if (row.githubApp !== null || !providerEntry(requireProvider(row.provider)).webhooks.sharedSecret)
    throw gatewayError(
      'INVALID_REQUEST',
      row.githubApp !== null
        ? 'A GitHub App integration signs its deliveries with the app’s own webhook secret: there is no secret to paste.'
        : `${row.provider} signs each hook’s deliveries with that hook’s own secret: create hooks through POST /v1/repositories/{provider}/{repoId}/events/subscribe instead.`,
    );
  const secret = await replaceWebhookSecret(services, row.id);
  return {
    webhook_url: inboundWebhookUrl(services.config.publicUrl, row.provider),
    webhook_secret: secret,
  };
}

const flowUrl = (
  services: GatewayServices,
  provider: string,
  step: string,
  state: string,
): string =>
  `${services.config.publicUrl}/v1/integrations/${provider}/${step}?state=${encodeURIComponent(state)}`;

/**
 * `POST …/{provider}/start`: token mode creates the integration at once; the app manifest and
 * OAuth flows answer the link to open in the user's browser (it binds the flow to that browser,
 * then goes on to the provider).
 */
export async function startIntegration(
  services: GatewayServices,
  input: { provider: GatewayProviderId; session: SessionUser; body: StartBody },
) {
  const { provider, session, body } = input;
  requireRole(session, ADMINS, 'add an integration');
  const entry = providerEntry(provider);
  // Without a host URL: the provider's default host (github.com, gitlab.com, or the operator's).
  const hostUrl = body.host_url ?? services.hosts.defaultFor(provider).webBaseUrl;
  const base = { tenantId: session.tenantId, provider, hostUrl, userId: session.user.id };
  const flowBase = {
    tenantId: session.tenantId,
    userId: session.user.id,
    sessionId: session.sessionId,
    returnTo: body.return_to ?? null,
    ...(body.display_name === undefined ? {} : { displayName: body.display_name }),
  };
  if (body.token !== undefined) {
    const host = await resolveTenantHost(services, base);
    const { connection, webhook } = await connectWithToken(services, {
      provider,
      host,
      tenantId: session.tenantId,
      userId: session.user.id,
      token: body.token,
      displayName: body.display_name,
    });
    const row = await findTenantIntegration(services, session.tenantId, connection.id);
    // The webhook secret is shown this once; it is stored sealed.
    return {
      status: 201,
      body: {
        ...presentIntegration(row),
        webhook_url: webhook.url,
        webhook_secret: webhook.secret,
      },
    };
  }
  if (entry.app !== undefined && body.application_id === undefined) {
    const host = await resolveTenantHost(services, base);
    const flow = await startFlow(services, {
      provider,
      payload: {
        ...flowBase,
        flow: 'app_manifest',
        hostId: host.id,
        ...(body.organization === undefined ? {} : { organization: body.organization }),
      },
    });
    return {
      status: 200,
      body: {
        url: flowUrl(services, provider, 'create', flow.state),
        state: flow.state,
        expires_at: epoch(flow.expiresAt),
      },
    };
  }
  const host = await resolveTenantHost(services, {
    ...base,
    oauthClient:
      body.application_id === undefined || body.secret === undefined
        ? undefined
        : {
            clientId: body.application_id,
            clientSecret: body.secret,
            // The scopes seed 001 has the application created with (api, read_repository).
            ...(entry.accessToken === undefined
              ? {}
              : { scopes: [...entry.accessToken.requiredScopes] }),
          },
  });
  if (!services.hosts.hasOAuth(host))
    throw gatewayError(
      'INVALID_REQUEST',
      'Send application_id and secret (OAuth mode) or token (token mode).',
    );
  const flow = await startFlow(services, {
    provider,
    pkce: true,
    payload: { ...flowBase, flow: 'oauth', hostId: host.id },
  });
  return {
    status: 200,
    body: {
      url: flowUrl(services, provider, 'create', flow.state),
      authorize_url: authorizeUrl(services, {
        provider,
        host,
        state: flow.state,
        codeChallenge: flow.codeChallenge ?? '',
      }),
      redirect_uri: `${services.config.publicUrl}/v1/integrations/${provider}/callback`,
      state: flow.state,
      expires_at: epoch(flow.expiresAt),
    },
  };
}

/**
 * Who asked for a flow, for a browser that is not signed in as them: the link is a bearer of the
 * flow, so whoever opens it first connects their provider account to the starter's workspace.
 */
export interface FlowRequester {
  workspace: string;
  startedBy: string;
}

/**
 * `…/{provider}/create`: binds the flow to this browser, then either the manifest form to post to
 * the provider's "new app" page, or a redirect to the provider's authorize page.
 *
 * A browser signed in to the gateway as the user who started the flow goes on at once. One signed
 * in as anyone else is refused (someone else's link). One not signed in (a front end that started
 * the flow with a Bearer session) gets `confirm` and nothing is bound: the page says who asked and
 * for which workspace, and only its own form, posted from this origin (`confirmed`), binds the
 * flow — so a page elsewhere cannot load the link behind the user's back and go on to the provider.
 */
export async function openFlow(
  services: GatewayServices,
  input: {
    provider: GatewayProviderId;
    state: string;
    bindingHash: string;
    opener: SessionUser | null;
    confirmed: boolean;
  },
) {
  const row = await findFlow(services, { ...input, flows: ['app_manifest', 'oauth'] });
  if (input.opener !== null && input.opener.user.id !== row.payload.userId)
    throw gatewayError(
      'AUTH_REQUIRED',
      'This link was started by another account: open it in a browser signed in as the person who started it, or not signed in to this gateway.',
    );
  const host = await findTenantHost(services, row.payload.tenantId, row.payload.hostId);
  const providerOrigin = new URL(host.webBaseUrl).origin;
  if (input.opener === null && !input.confirmed)
    return {
      kind: 'confirm' as const,
      providerOrigin,
      requester: await requesterOf(services, row.payload),
    };
  await bindFlow(services, row, input.bindingHash);
  if (row.payload.flow === 'oauth') {
    const verifier = row.codeVerifier();
    if (verifier === null) throw gatewayError('INVALID_REQUEST', 'Unknown integration state.');
    return {
      kind: 'redirect' as const,
      stateId: row.id,
      expiresAt: row.expiresAt,
      url: authorizeUrl(services, {
        provider: input.provider,
        host,
        state: input.state,
        codeChallenge: pkceChallenge(verifier),
      }),
    };
  }
  return {
    kind: 'manifest' as const,
    stateId: row.id,
    expiresAt: row.expiresAt,
    formAction: appSupportOf(input.provider).manifestFormAction({
      webBaseUrl: host.webBaseUrl,
      state: input.state,
      ...(row.payload.organization === undefined ? {} : { organization: row.payload.organization }),
    }),
    providerOrigin,
    manifest: manifestFor(services, input.provider, row.payload.displayName),
  };
}

async function requesterOf(
  services: GatewayServices,
  payload: { tenantId: string; userId: string },
): Promise<FlowRequester> {
  const [tenant, user] = await Promise.all([
    services.prisma.tenant.findUnique({ where: { id: payload.tenantId }, select: { name: true } }),
    services.prisma.user.findUnique({ where: { id: payload.userId }, select: { email: true } }),
  ]);
  if (tenant === null || user === null)
    throw gatewayError('INVALID_REQUEST', 'Unknown integration state; start again.');
  return { workspace: tenant.name, startedBy: user.email };
}

/** Who is finishing a flow: the browser that opened its link, or the session that started it. */
export interface FlowProof {
  /** The browser's binding cookie of a flow, by the flow's state id. */
  bindingOf: (stateId: string) => string | undefined;
  session: SessionUser | null;
}

function assertProof(row: FlowState, proof: FlowProof): void {
  const { bindingHash, userId, sessionId } = row.payload;
  const value = proof.bindingOf(row.id);
  const bound =
    bindingHash !== undefined && value !== undefined && safeEqual(hashSecret(value), bindingHash);
  const sameSession = proof.session?.user.id === userId && proof.session.sessionId === sessionId;
  if (!bound && !sameSession)
    throw gatewayError(
      'INVALID_REQUEST',
      'This integration was started in another browser or session; start again from the page you came from.',
    );
}

/**
 * The provider's redirect back (`…/callback`), or a front end handing the code over (`…/complete`,
 * `…/authorize`): the state is spent once whatever happens next. An app flow goes on to install
 * the new app (a new state for the setup URL, bound like this one).
 */
export async function finishFlow(
  services: GatewayServices,
  input: {
    provider: GatewayProviderId;
    state: string;
    code: string | undefined;
    error: string | undefined;
    proof: FlowProof;
    /** Browser callbacks bind the install step to the same browser. */
    installBindingHash: string | null;
    flows?: FlowKind[];
  },
) {
  const row = await findFlow(services, {
    provider: input.provider,
    state: input.state,
    flows: input.flows ?? ['app_manifest', 'oauth'],
  });
  assertProof(row, input.proof);
  await spendFlow(services, row);
  if (input.error !== undefined)
    throw gatewayError(
      input.error === 'access_denied' ? 'APPROVAL_REQUIRED' : 'INVALID_REQUEST',
      `The provider returned error=${input.error.slice(0, 60)}.`,
      { provider: input.provider },
    );
  if (input.code === undefined) throw gatewayError('INVALID_REQUEST', 'code is missing.');
  const host = await findTenantHost(services, row.payload.tenantId, row.payload.hostId);
  const flowInput = { provider: input.provider, flow: row, host, code: input.code };
  if (row.payload.flow === 'oauth') {
    const connection = await completeOAuth(services, flowInput);
    const integration = presentIntegration(
      await findTenantIntegration(services, row.payload.tenantId, connection.id),
    );
    return { stateId: row.id, integration, returnTo: row.payload.returnTo, next: null };
  }
  const { connection, app } = await completeManifest(services, flowInput);
  const integration = presentIntegration(
    await findTenantIntegration(services, row.payload.tenantId, connection.id),
  );
  const install = await startFlow(services, {
    provider: input.provider,
    payload: {
      ...row.payload,
      flow: 'app_install',
      connectionId: connection.id,
      ...(input.installBindingHash === null ? {} : { bindingHash: input.installBindingHash }),
    },
  });
  return {
    stateId: row.id,
    integration,
    returnTo: row.payload.returnTo,
    next: {
      stateId: install.stateId,
      expiresAt: install.expiresAt,
      installUrl: appSupportOf(input.provider).installUrl({
        webBaseUrl: host.webBaseUrl,
        slug: app.slug,
        state: install.state,
      }),
    },
  };
}

/**
 * GitHub's setup URL (`…/installed`): the installation is read from the provider as the app (the
 * query's id alone proves nothing) and stored. With a state from our install link, that flow's
 * integration; without one (installed later from GitHub), the signed-in user's tenant apps.
 */
export async function finishInstall(
  services: GatewayServices,
  input: {
    provider: GatewayProviderId;
    state: string | undefined;
    installationId: string;
    proof: FlowProof;
  },
) {
  if (input.state !== undefined) {
    const row = await findFlow(services, {
      provider: input.provider,
      state: input.state,
      flows: ['app_install'],
    });
    assertProof(row, input.proof);
    await spendFlow(services, row);
    const connectionId = row.payload.connectionId ?? '';
    const installation = await recordInstallation(services, {
      connectionId,
      installationId: input.installationId,
    });
    return {
      stateId: row.id,
      connectionId,
      installation: presentInstallation(installation),
      returnTo: row.payload.returnTo,
    };
  }
  const session = input.proof.session;
  if (session === null)
    throw gatewayError(
      'AUTH_REQUIRED',
      'Sign in to the gateway in this browser, then open the installation again.',
    );
  requireRole(session, ADMINS, 'record an installation');
  const apps = await services.prisma.gitHubApp.findMany({
    where: { tenantId: session.tenantId, connection: { provider: input.provider } },
    select: { connectionId: true },
  });
  for (const app of apps) {
    const installations = await syncInstallations(services, app.connectionId);
    const installation = installations.find(
      (candidate) => candidate.installationId === input.installationId,
    );
    if (installation !== undefined)
      return {
        stateId: null,
        connectionId: app.connectionId,
        installation: presentInstallation(installation),
        returnTo: null,
      };
  }
  throw gatewayError('INSTALLATION_NOT_FOUND', 'None of this tenant’s apps has that installation.');
}
