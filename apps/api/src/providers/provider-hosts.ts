import { createHash } from 'node:crypto';
import type { ProviderHostConfig } from '../config.js';
import type { SecretBox } from '../crypto/secret-box.js';
import { retryOnConflict } from '../db/unique.js';
import type { PrismaClient } from '../generated/sqlite/client.js';
import { gatewayError } from '../http/errors.js';
import { readList } from '../json-list.js';
import { isProviderId, providerEntry } from './catalogue.js';
import type { ProviderHostRecord } from './registry.js';

/**
 * The built-in and operator-configured hosts (no tenant), held in memory. Hosts tenants register at
 * run time live in the same table and are read per request (src/integrations/hosts.ts).
 */
export interface ProviderHosts {
  list(): ProviderHostRecord[];
  /** The provider's default host (github.com, gitlab.com, bitbucket.org, or what config says). */
  defaultFor(provider: string): ProviderHostRecord;
  /** Whether the gateway holds an OAuth client there (the consent flow can connect accounts). */
  hasOAuth(host: ProviderHostRecord): boolean;
  /** The provider OAuth scopes the gateway asks for on that host. */
  oauthScopes(host: ProviderHostRecord): string[] | undefined;
}

/** The id of an operator host's row: the same in every process for the same provider and host. */
function operatorHostId(provider: string, host: string): string {
  const digest = createHash('sha256').update(`${provider}\u0000${host.toLowerCase()}`);
  return `host_${digest.digest('base64url').slice(0, 22)}`;
}

/**
 * The operator row of a host, if there is one. Before operator host ids followed from provider and
 * host, WEB_CONCURRENCY workers starting at once could each add a row for the same host (random
 * ids); only one of them was kept up to date with the configuration. Those rows are merged here:
 * the row with the derived id if there is one, else the oldest, keeps; connections, GitHub Apps and
 * OAuth round trips in flight that pointed at the others move to it, and the emptied rows go (a
 * GitHub App whose app id the kept row already has stays where it is, and so does its row).
 */
async function mergeDuplicates(
  prisma: PrismaClient,
  provider: string,
  host: string,
): Promise<string | undefined> {
  const rows = await prisma.providerHost.findMany({
    where: { tenantId: null, provider, host },
    select: { id: true },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
  });
  const derived = operatorHostId(provider, host);
  const keep = rows.find((row) => row.id === derived)?.id ?? rows[0]?.id;
  const others = rows.map((row) => row.id).filter((id) => id !== keep);
  if (keep === undefined || others.length === 0) return keep;
  await prisma.$transaction(async (tx) => {
    const moved = { where: { providerHostId: { in: others } }, data: { providerHostId: keep } };
    await tx.connection.updateMany(moved);
    await tx.oAuthState.updateMany(moved);
    const kept = await tx.gitHubApp.findMany({
      where: { providerHostId: keep },
      select: { appId: true },
    });
    await tx.gitHubApp.updateMany({
      where: { providerHostId: { in: others }, appId: { notIn: kept.map((app) => app.appId) } },
      data: { providerHostId: keep },
    });
    await tx.providerHost.deleteMany({
      where: { id: { in: others }, connections: { none: {} }, githubApps: { none: {} } },
    });
  });
  return keep;
}

/**
 * Writes the configured hosts into ProviderHost (OAuth secrets sealed) on start, so connections
 * reference a row, then serves them from memory.
 */
export async function createProviderHosts(
  prisma: PrismaClient,
  secretBox: SecretBox,
  configured: readonly ProviderHostConfig[],
): Promise<ProviderHosts> {
  for (const host of configured) {
    const fields = {
      apiBaseUrl: host.apiBaseUrl,
      webBaseUrl: host.webBaseUrl,
      oauthClientId: host.clientId ?? null,
      oauthClientSecretEnc:
        host.clientSecret === undefined ? null : secretBox.encrypt(host.clientSecret),
      oauthScopes: host.scopes === undefined ? null : JSON.stringify(host.scopes),
      isDefault: host.isDefault ?? false,
      enabled: true,
    };
    // Operator hosts have no tenant (a compound unique key cannot match NULL): find, then write.
    // Every gateway process writes them at start (WEB_CONCURRENCY workers at the same moment): a
    // new row's id follows from the host, so a second writer's insert hits the first's primary
    // key, and its retry finds that row and updates it instead of adding a duplicate.
    await retryOnConflict(async () => {
      const existing = await mergeDuplicates(prisma, host.provider, host.host);
      if (existing !== undefined)
        await prisma.providerHost.update({ where: { id: existing }, data: fields });
      else
        await prisma.providerHost.create({
          data: {
            id: operatorHostId(host.provider, host.host),
            provider: host.provider,
            host: host.host,
            ...fields,
          },
        });
    });
  }
  // A default host replaced by config (e.g. GITHUB_API_URL pointing at a GHES) is no longer the default.
  const defaults = new Map(
    configured.filter((host) => host.isDefault === true).map((host) => [host.provider, host.host]),
  );
  for (const [provider, host] of defaults) {
    await prisma.providerHost.updateMany({
      where: { tenantId: null, provider, isDefault: true, NOT: { host } },
      data: { isDefault: false },
    });
  }
  const rows: ProviderHostRecord[] = await prisma.providerHost.findMany({
    where: { enabled: true, tenantId: null },
    orderBy: { createdAt: 'asc' },
  });
  return {
    list: () => rows,
    defaultFor(provider) {
      if (!isProviderId(provider))
        throw gatewayError(
          'UNSUPPORTED_PROVIDER',
          `Provider "${provider.slice(0, 40)}" is not supported.`,
        );
      const id = provider;
      const host =
        rows.find((row) => row.provider === id && row.isDefault) ??
        rows.find((row) => row.provider === id);
      if (host === undefined)
        throw gatewayError('UNSUPPORTED_PROVIDER', `Provider ${id} is not enabled.`, {
          provider: id,
        });
      return host;
    },
    hasOAuth: (host) => host.oauthClientId !== null && host.oauthClientSecretEnc !== null,
    // The catalogue's scopes cover every unified read plus events/subscribe.
    oauthScopes: (host) =>
      host.oauthScopes !== null
        ? readList(host.oauthScopes)
        : isProviderId(host.provider)
          ? providerEntry(host.provider).oauthScopes?.slice()
          : undefined,
  };
}
