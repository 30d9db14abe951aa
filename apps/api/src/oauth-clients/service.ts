import { revocationWrites } from '../auth/revocation.js';
import { hashSecret, newSecret } from '../crypto/tokens.js';
import { retryOnConflict } from '../db/unique.js';
import type { OAuthClient } from '../generated/sqlite/client.js';
import { gatewayError } from '../http/errors.js';
import { KEYSET_ORDER, type KeysetPage } from '../http/keyset-page.js';
import { readList, writeList } from '../json-list.js';
import { sortScopes } from '../scopes.js';
import type { GatewayServices } from '../services.js';
import { removeUpstreamHooks } from '../webhooks/remove-hooks.js';

/**
 * Developer apps (OAuth clients) as the developer API, the admin API and the developer pages
 * read and change them.
 */

export interface CreateOAuthClientInput {
  tenantId: string;
  ownerUserId: string | null;
  name: string;
  description: string | null;
  allowedRedirectUris: readonly string[];
  defaultPermissions: readonly string[];
}

export interface UpdateOAuthClientInput {
  name?: string | undefined;
  description?: string | null | undefined;
  allowedRedirectUris?: readonly string[] | undefined;
  defaultPermissions?: readonly string[] | undefined;
}

/** The JSON shape of an app (seed field names, camelCase); never the secret or its hash. */
export interface AppView {
  id: string;
  clientId: string;
  tenantId: string;
  ownerUserId: string | null;
  name: string;
  description: string | null;
  allowedRedirectUris: string[];
  defaultPermissions: string[];
  status: 'active' | 'deleted';
  authorizeUrl: string;
  tokenUrl: string;
  createdAt: string;
  updatedAt: string;
  deletedAt: string | null;
}

export interface RevokedCounts {
  authorizations: number;
  accessTokens: number;
  authorizationCodes: number;
}

export function presentClient(
  row: OAuthClient,
  services: Pick<GatewayServices, 'config'>,
): AppView {
  return {
    id: row.id,
    clientId: row.id,
    tenantId: row.tenantId,
    ownerUserId: row.ownerUserId,
    name: row.name,
    description: row.description,
    allowedRedirectUris: readList(row.redirectUris),
    defaultPermissions: readList(row.defaultPermissions),
    status: row.deletedAt === null ? 'active' : 'deleted',
    authorizeUrl: `${services.config.publicUrl}/oauth/authorize`,
    tokenUrl: `${services.config.publicUrl}/oauth/token`,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    deletedAt: row.deletedAt?.toISOString() ?? null,
  };
}

/**
 * Live apps a tenant may have, as GitHub allows 100 GitHub Apps per account: the dashboard and the
 * subscriptions page load every app of the tenant at once.
 */
export const MAX_APPS_PER_TENANT = 100;

/**
 * Creates an app; the plaintext secret exists only in the return value (stored as its hash). A
 * tenant with MAX_APPS_PER_TENANT live apps gets INVALID_REQUEST. The count and the insert are one
 * step per tenant: the transaction first locks the tenant's row (PostgreSQL; SQLite runs one
 * transaction at a time), so concurrent creates cannot each see 99 and pass the limit together.
 */
export async function createOAuthClient(
  services: GatewayServices,
  input: CreateOAuthClientInput,
): Promise<{ client: OAuthClient; clientSecret: string }> {
  const clientSecret = newSecret('sggcs');
  const secretHash = hashSecret(clientSecret);
  const client = await retryOnConflict(() =>
    services.prisma.$transaction(async (tx) => {
      // A write of the row to itself: its row lock is held until this transaction ends.
      await tx.$executeRaw`UPDATE "Tenant" SET "name" = "name" WHERE "id" = ${input.tenantId}`;
      const live = await tx.oAuthClient.count({
        where: { tenantId: input.tenantId, deletedAt: null },
      });
      if (live >= MAX_APPS_PER_TENANT)
        throw gatewayError(
          'INVALID_REQUEST',
          `A tenant has at most ${String(MAX_APPS_PER_TENANT)} apps; delete one to create another.`,
        );
      return tx.oAuthClient.create({
        data: {
          id: services.newId('client'),
          tenantId: input.tenantId,
          ownerUserId: input.ownerUserId,
          name: input.name,
          description: emptyToNull(input.description),
          secretHash,
          redirectUris: writeList(input.allowedRedirectUris),
          defaultPermissions: writeList(sortScopes(input.defaultPermissions)),
        },
      });
    }),
  );
  return { client, clientSecret };
}

/**
 * The answer to creating an app: the app, and its secret this one time (never stored in clear).
 * The app is also under `client`, as the contract's quickstart reads it ("persist client.id +
 * clientSecret").
 */
export function presentCreatedClient(
  services: Pick<GatewayServices, 'config'>,
  created: { client: OAuthClient; clientSecret: string },
): AppView & { client: AppView; clientSecret: string } {
  const app = presentClient(created.client, services);
  return { ...app, client: app, clientSecret: created.clientSecret };
}

/**
 * The tenant's live app, or RESOURCE_NOT_FOUND: another tenant's app and a deleted app look exactly
 * like an id that never existed.
 */
export async function findTenantClient(
  services: GatewayServices,
  tenantId: string,
  clientId: string,
): Promise<OAuthClient> {
  const client = await services.prisma.oAuthClient.findFirst({
    where: { id: clientId, tenantId, deletedAt: null },
  });
  if (client === null) throw gatewayError('RESOURCE_NOT_FOUND', 'No such app.');
  return client;
}

export async function listTenantClients(
  services: GatewayServices,
  tenantId: string,
  page: { after?: KeysetPage['after']; take?: number } = {},
): Promise<OAuthClient[]> {
  return services.prisma.oAuthClient.findMany({
    where: { tenantId, deletedAt: null, ...page.after },
    orderBy: KEYSET_ORDER,
    ...(page.take === undefined ? {} : { take: page.take }),
  });
}

export async function updateOAuthClient(
  services: GatewayServices,
  clientId: string,
  patch: UpdateOAuthClientInput,
): Promise<OAuthClient> {
  return services.prisma.oAuthClient.update({
    where: { id: clientId },
    data: {
      ...(patch.name === undefined ? {} : { name: patch.name }),
      ...(patch.description === undefined ? {} : { description: emptyToNull(patch.description) }),
      ...(patch.allowedRedirectUris === undefined
        ? {}
        : { redirectUris: writeList(patch.allowedRedirectUris) }),
      ...(patch.defaultPermissions === undefined
        ? {}
        : { defaultPermissions: writeList(sortScopes(patch.defaultPermissions)) }),
    },
  });
}

/**
 * A new client secret for a live app: the old one stops working at once (the token endpoint reads
 * the hash on every call). Tokens already issued stay valid; the plaintext exists only in the
 * return value.
 */
export async function rotateOAuthClientSecret(
  services: GatewayServices,
  clientId: string,
): Promise<{ client: OAuthClient; clientSecret: string }> {
  const clientSecret = newSecret('sggcs');
  const client = await services.prisma.oAuthClient.update({
    where: { id: clientId },
    data: { secretHash: hashSecret(clientSecret) },
  });
  return { client, clientSecret };
}

/**
 * Soft-deletes an app and cuts every way it could still read data: its grants are revoked, its
 * tokens revoked, its unused codes spent, and this process's token cache dropped (other processes
 * also reject its tokens once `deletedAt` is set, see platform-auth). Then the webhooks it created
 * on customers' repositories are removed upstream (a failure is logged and retried later; it never
 * undoes the deletion).
 */
export async function softDeleteOAuthClient(
  services: GatewayServices,
  clientId: string,
): Promise<{ client: OAuthClient; revoked: RevokedCounts }> {
  const at = new Date(services.now());
  const { prisma } = services;
  const [client, authorizations, accessTokens, authorizationCodes] = await prisma.$transaction([
    prisma.oAuthClient.update({ where: { id: clientId }, data: { deletedAt: at } }),
    ...revocationWrites(prisma, { clientId }, at),
  ]);
  services.platformAuth.invalidate();
  await removeUpstreamHooks(services, { clientId });
  return {
    client,
    revoked: {
      authorizations: authorizations.count,
      accessTokens: accessTokens.count,
      authorizationCodes: authorizationCodes.count,
    },
  };
}

function emptyToNull(value: string | null | undefined): string | null {
  return value === undefined || value === null || value === '' ? null : value;
}
