import { parseRepoRef, type RepoRef } from '@scm/core';
import type { ConnectionWithHost, PlatformPrincipal } from '../../auth/platform-auth.js';
import { gatewayError } from '../../http/errors.js';
import { providerName, type GatewayProviderId } from '../../providers/catalogue.js';
import { requireProvider } from '../../providers/require-provider.js';

export interface RepositoryAccess {
  provider: GatewayProviderId;
  connection: ConnectionWithHost;
  repo: RepoRef;
  /** The approved repository's stable id, when the approval names it. */
  repositoryId: string | null;
}

/** The principal's active connections to a provider; PROVIDER_ACCOUNT_NOT_CONNECTED / APPROVAL_REQUIRED when none. */
export function connectionsFor(
  principal: PlatformPrincipal,
  provider: GatewayProviderId,
): ConnectionWithHost[] {
  if (principal.grants.length === 0) {
    throw gatewayError(
      'APPROVAL_REQUIRED',
      'This token has no active authorization; have a customer approve the app first.',
    );
  }
  const seen = new Set<string>();
  const connections: ConnectionWithHost[] = [];
  for (const grant of principal.grants) {
    for (const connection of grant.connections) {
      if (connection.provider === provider && !seen.has(connection.id)) {
        seen.add(connection.id);
        connections.push(connection);
      }
    }
  }
  if (
    connections.length === 0 &&
    principal.unscoped !== undefined &&
    principal.unscoped.grants.some((grant) =>
      grant.connections.some((connection) => connection.provider === provider),
    )
  ) {
    throw gatewayError(
      'INSUFFICIENT_SCOPE',
      `No customer approved this endpoint's permission on a connected ${providerName(provider)} account: have the customer approve the app again with it (the consent flow).`,
      { provider },
    );
  }
  if (connections.length === 0) {
    throw gatewayError(
      'PROVIDER_ACCOUNT_NOT_CONNECTED',
      `No approved ${providerName(provider)} account is connected for this token: have the customer connect one and approve your app through the consent flow (GET /oauth/authorize).`,
      { provider },
    );
  }
  // A stable order: a /v1/repositories cursor names the connection it walks by position.
  return connections.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/**
 * Finds the approved connection that may read `repoParam` (an id or an encoded full path):
 * REPOSITORY_NOT_APPROVED when the repository is outside every approved set.
 */
export function resolveRepositoryAccess(
  principal: PlatformPrincipal,
  providerParam: string,
  repoParam: string,
): RepositoryAccess {
  const provider = requireProvider(providerParam);
  const repo = parseRepoRef(repoParam);
  const connections = connectionsFor(principal, provider);
  const allowed = new Set(connections.map((connection) => connection.id));
  for (const grant of principal.grants) {
    for (const approved of grant.repositories) {
      if (approved.provider !== provider || !allowed.has(approved.connectionId)) continue;
      const matches =
        repo.kind === 'id'
          ? approved.repositoryId === repo.id
          : approved.fullName.toLowerCase() === repo.fullPath.toLowerCase();
      if (matches) {
        const connection = connections.find(
          (candidate) => candidate.id === approved.connectionId,
        ) as ConnectionWithHost;
        return { provider, connection, repo, repositoryId: approved.repositoryId };
      }
    }
  }
  for (const grant of principal.grants) {
    if (!grant.allRepositories) continue;
    const connection = grant.connections.find((candidate) => candidate.provider === provider);
    if (connection !== undefined)
      return { provider, connection, repo, repositoryId: repo.kind === 'id' ? repo.id : null };
  }
  // Approved, but not for this endpoint's scope: say so rather than "not approved".
  if (principal.unscoped !== undefined) {
    let reachable = false;
    try {
      resolveRepositoryAccess(principal.unscoped, providerParam, repoParam);
      reachable = true;
    } catch {
      // not approved at all
    }
    if (reachable)
      throw gatewayError(
        'INSUFFICIENT_SCOPE',
        "The customer did not approve this endpoint's permission for the account that holds this repository: have the customer approve the app again with it (the consent flow).",
        { provider },
      );
  }
  throw gatewayError(
    'REPOSITORY_NOT_APPROVED',
    `Repository ${JSON.stringify(repoParam.slice(0, 200))} is not in the repositories the customer approved for this token: have the customer add it (the consent flow's repository picker); GET /v1/repositories?provider=${provider} lists the approved ones.`,
    { provider },
  );
}

/** Whether a listed repository is inside the principal's approved set for that connection. */
export function isApproved(
  principal: PlatformPrincipal,
  connectionId: string,
  repository: { id: string; fullName: string },
): boolean {
  for (const grant of principal.grants) {
    if (!grant.connections.some((connection) => connection.id === connectionId)) continue;
    if (grant.allRepositories) return true;
    if (
      grant.repositories.some(
        (approved) =>
          approved.connectionId === connectionId &&
          (approved.repositoryId === repository.id ||
            approved.fullName.toLowerCase() === repository.fullName.toLowerCase()),
      )
    ) {
      return true;
    }
  }
  return false;
}
