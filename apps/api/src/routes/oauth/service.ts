import { asList, resolvePicks, saveApproval } from '../../consent/approval.js';
import {
  loadVerifiedConnections,
  type CompanySession,
  type ConsentRequest,
} from '../../consent/consent.js';
import { hashSecret, newId, newSecret } from '../../crypto/tokens.js';
import { retryOnConflict } from '../../db/unique.js';
import { gatewayError } from '../../http/errors.js';
import { readList, writeList } from '../../json-list.js';
import type { GatewayServices } from '../../services.js';
import { removeUncoveredHooks } from '../../webhooks/remove-hooks.js';
import { connectionIdsFor } from './tokens.js';

const CODE_TTL_MS = 60_000;

/** A live app, its owner's name and its registered redirect URIs; INVALID_CREDENTIALS for an unknown or deleted one. */
export async function findAuthorizingClient(services: GatewayServices, clientId: string) {
  const client = await services.prisma.oAuthClient.findUnique({
    where: { id: clientId },
    include: { tenant: { select: { name: true } } },
  });
  if (client === null || client.deletedAt !== null)
    throw gatewayError('INVALID_CREDENTIALS', 'Unknown client_id.');
  // The owner the consent page names: the developer's company (tenant).
  return {
    ...client,
    ownerName: client.tenant.name,
    redirectUriList: readList(client.redirectUris),
  };
}

/**
 * The customer's approval of a consent request: the picked repositories of the accounts this
 * browser signed into, saved with the approved scopes, and a one-time authorization code for it.
 */
export async function approveConsent(
  services: GatewayServices,
  input: {
    request: ConsentRequest;
    company: CompanySession;
    scopes: string[];
    repository: string | string[] | undefined;
  },
): Promise<{ code: string }> {
  const { request, company, scopes } = input;
  // Approving needs proof: an account of this customer that this browser signed into.
  const connections = await loadVerifiedConnections(services, {
    customerId: company.customerId,
    tenantId: request.tenantId,
    verifiedConnectionIds: company.connectionIds,
  });
  if (company.customerId === null || connections.length === 0)
    throw gatewayError(
      'AUTH_REQUIRED',
      'Sign in to one of your provider accounts on this page first.',
    );
  const customerId = company.customerId;
  const repositories = await resolvePicks(services, connections, asList(input.repository));
  const verified = connections.map((connection) => connection.id);

  const code = newSecret('sggac');
  const authorizationId = await retryOnConflict(() =>
    services.prisma.$transaction(async (tx) => {
      const authorizationId = await saveApproval(tx, {
        tenantId: request.tenantId,
        clientId: request.clientId,
        customerId,
        scopes,
        repositories,
        verified,
      });
      await tx.authorizationCode.create({
        data: {
          id: newId('code'),
          codeHash: hashSecret(code),
          authorizationId,
          clientId: request.clientId,
          redirectUri: request.redirectUri,
          codeChallenge: request.codeChallenge,
          codeChallengeMethod: request.codeChallengeMethod,
          permissions: writeList(scopes),
          expiresAt: new Date(services.now() + CODE_TTL_MS),
        },
      });
      return authorizationId;
    }),
  );
  services.platformAuth.invalidate();
  // Approving again with less (a repository, `events:subscribe`) takes the app's webhooks there away.
  await removeUncoveredHooks(services, [authorizationId]);
  return { code };
}

/** What a platform token is: its grant, its app and its tenant. */
export async function describeToken(services: GatewayServices, tokenId: string) {
  const token = await services.prisma.accessToken.findUniqueOrThrow({
    where: { id: tokenId },
    include: { client: true, tenant: true },
  });
  return {
    token: {
      id: token.id,
      issuedBy: token.issuedBy,
      permissions: readList(token.permissions),
      expiresAt: token.expiresAt.toISOString(),
      authorizationId: token.authorizationId,
      connectionIds: await connectionIdsFor(
        services,
        token.authorizationId,
        token.clientId,
        token.tenantId,
      ),
    },
    client: { id: token.client.id, name: token.client.name, description: token.client.description },
    tenant: { id: token.tenant.id, name: token.tenant.name, slug: token.tenant.slug },
  };
}
