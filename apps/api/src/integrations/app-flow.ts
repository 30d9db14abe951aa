import { ScmError, type Viewer } from '@scm/core';
import { newId } from '../crypto/tokens.js';
import { gatewayError } from '../http/errors.js';
import { providerEntry, type GatewayProviderId } from '../providers/catalogue.js';
import { requireProvider } from '../providers/require-provider.js';
import type { AppInstallation, AppSupport } from '../providers/app-support.js';
import type { ProviderHostRecord } from '../providers/registry.js';
import type { GatewayServices } from '../services.js';
import type { FlowState } from './flows.js';
import { asIntegration, saveIntegration } from './store.js';
import { inboundWebhookUrl } from '../webhooks/inbound-url.js';

// GitHub Apps through the manifest flow (github.com and GHES): the create page posts a manifest to
// the provider, the provider sends the browser back with a one-hour code, the code becomes the new
// app's credentials (sealed at once), and the app's installations are synced with its JWT.

/** The provider's app support, or UNSUPPORTED_PROVIDER. */
export function appSupportOf(provider: GatewayProviderId): AppSupport {
  const app = providerEntry(provider).app;
  if (app === undefined)
    throw gatewayError(
      'UNSUPPORTED_PROVIDER',
      `${providerEntry(provider).displayName} has no apps to create.`,
      {
        provider,
      },
    );
  return app;
}

const integrationsUrl = (services: GatewayServices, provider: string) =>
  `${services.config.publicUrl}/v1/integrations/${provider}`;

/** The manifest the create page posts: every URL points back at this gateway. */
export function manifestFor(
  services: GatewayServices,
  provider: GatewayProviderId,
  name: string | undefined,
): Record<string, unknown> {
  const base = integrationsUrl(services, provider);
  return appSupportOf(provider).manifest({
    // GitHub requires a unique name; the user may change it on the creation page.
    name: name ?? `SCM Gateway ${new URL(services.config.publicUrl).host}`,
    url: services.config.publicUrl,
    hookUrl: inboundWebhookUrl(services.config.publicUrl, provider),
    redirectUrl: `${base}/callback`,
    callbackUrls: [`${base}/callback`],
    setupUrl: `${base}/installed`,
  });
}

/** The app's identity for JWT-authenticated calls (the private key unsealed for this call only). */
async function appIdentity(services: GatewayServices, connectionId: string) {
  const app = await services.prisma.gitHubApp.findUnique({
    where: { connectionId },
    include: { providerHost: true },
  });
  if (app === null) throw gatewayError('RESOURCE_NOT_FOUND', 'This integration has no app.');
  return {
    row: app,
    identity: {
      location: app.providerHost,
      transport: services.providers.transport(app.providerHost),
      appId: app.appId,
      privateKey: services.secretBox.decrypt(app.privateKeyEnc),
    },
  };
}

/**
 * Exchanges the manifest code for the new app and stores it as a `github_app` integration of the
 * flow's tenant: client secret, private key and webhook secret sealed.
 */
export async function completeManifest(
  services: GatewayServices,
  input: { provider: GatewayProviderId; flow: FlowState; host: ProviderHostRecord; code: string },
) {
  const support = appSupportOf(input.provider);
  const app = await support.convertManifest({
    location: input.host,
    transport: services.providers.transport(input.host),
    code: input.code,
  });
  const { payload } = input.flow;
  // The integration's identity is the app itself (an app has no user behind it).
  const viewer: Viewer = {
    provider: input.provider,
    id: `app:${app.appId}`,
    login: app.slug,
    name: app.name,
    email: null,
    avatarUrl: null,
    webUrl: app.htmlUrl,
  };
  const connection = await saveIntegration(services, {
    tenantId: payload.tenantId,
    customerId: null,
    userId: payload.userId,
    host: input.host,
    viewer,
    authMode: 'github_app',
    tokens: null,
    displayName: payload.displayName ?? app.name,
  });
  const sealed = {
    slug: app.slug,
    name: app.name,
    ownerLogin: app.owner,
    htmlUrl: app.htmlUrl,
    clientId: app.clientId,
    clientSecretEnc: services.secretBox.encrypt(app.clientSecret),
    privateKeyEnc: services.secretBox.encrypt(app.privateKey),
    webhookSecretEnc:
      app.webhookSecret === null ? null : services.secretBox.encrypt(app.webhookSecret),
  };
  try {
    const row = await services.prisma.gitHubApp.upsert({
      where: { connectionId: connection.id },
      create: {
        id: newId('ghapp'),
        tenantId: payload.tenantId,
        connectionId: connection.id,
        providerHostId: input.host.id,
        appId: app.appId,
        ...sealed,
      },
      update: sealed,
    });
    services.inbound.sources.invalidate();
    return { connection, app: row };
  } catch (error) {
    // No integration without its app: the next attempt starts from a new manifest anyway.
    await services.prisma.connection.deleteMany({ where: { id: connection.id, githubApp: null } });
    throw error;
  }
}

/**
 * Reads every installation of the integration's app (as the app) and makes the stored ones match:
 * new ones added, changed ones updated, removed ones deleted. A JWT the provider refuses (the app
 * was deleted, its key revoked) marks the integration `error`.
 */
export async function syncInstallations(services: GatewayServices, connectionId: string) {
  const { row, identity } = await appIdentity(services, connectionId);
  const installations: AppInstallation[] = await asIntegration(services, connectionId, () =>
    appSupportOf(requireProvider(row.providerHost.provider)).listInstallations(identity),
  );
  const syncedAt = new Date(services.now());
  await services.prisma.$transaction(async (tx) => {
    for (const installation of installations) {
      const fields = {
        accountId: installation.accountId,
        accountLogin: installation.accountLogin,
        accountType: installation.accountType,
        repositorySelection: installation.repositorySelection,
        suspendedAt: installation.suspendedAt === null ? null : new Date(installation.suspendedAt),
        permissions: JSON.stringify(installation.permissions),
        events: JSON.stringify(installation.events),
        lastSyncedAt: syncedAt,
      };
      await tx.gitHubAppInstallation.upsert({
        where: {
          githubAppId_installationId: { githubAppId: row.id, installationId: installation.id },
        },
        create: {
          id: newId('inst'),
          githubAppId: row.id,
          installationId: installation.id,
          ...fields,
        },
        update: fields,
      });
    }
    await tx.gitHubAppInstallation.deleteMany({
      where: { githubAppId: row.id, installationId: { notIn: installations.map(({ id }) => id) } },
    });
  });
  return listInstallations(services, row.id);
}

/** The stored installations of an app, oldest first. */
export function listInstallations(services: GatewayServices, githubAppId: string) {
  return services.prisma.gitHubAppInstallation.findMany({
    where: { githubAppId },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
  });
}

/**
 * Records an installation the provider reported on the setup URL: synced from the provider (as
 * the app), never taken from the query string, so a forged installation id is refused.
 */
export async function recordInstallation(
  services: GatewayServices,
  input: { connectionId: string; installationId: string },
) {
  const installations = await syncInstallations(services, input.connectionId);
  const installation = installations.find(
    (candidate) => candidate.installationId === input.installationId,
  );
  if (installation === undefined)
    throw new ScmError('INSTALLATION_NOT_FOUND', {
      source: 'gateway',
      message: 'The app has no such installation (it may have been removed); install it again.',
    });
  return installation;
}

/** One page of the repositories an installation reaches, as the installation. */
export async function installationRepositoriesPage(
  services: GatewayServices,
  input: { connectionId: string; installationId: string; cursor: string | undefined },
) {
  const { row, identity } = await appIdentity(services, input.connectionId);
  return appSupportOf(requireProvider(row.providerHost.provider)).listInstallationRepositories(
    identity,
    input.installationId,
    { limit: 100, cursor: input.cursor },
  );
}
