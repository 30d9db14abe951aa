import type { Page, Repository } from '@scm/core';
import { gatewayError } from '../http/errors.js';
import type { ConnectionCredentials } from '../providers/registry.js';
import type { GatewayServices } from '../services.js';
import { installationRepositoriesPage, listInstallations, syncInstallations } from './app-flow.js';
import { asIntegration } from './store.js';

// Oore's GET /v1/integrations/{id}/repositories: every repository the integration reaches, across
// every page of the provider (and, for an app, every installation that is not suspended).

/** A safety bound: 100 pages of 100 is more than any account these listings are meant for. */
export const MAX_PAGES = 100;

/**
 * Every item of a provider listing, page after page (100 a page), up to MAX_PAGES pages: past
 * them, UNSUPPORTED_ENDPOINT with `tooMany` (a host that answers a next page forever ends here).
 */
export async function allPages<T>(
  fetchPage: (cursor: string | undefined) => Promise<Page<T>>,
  tooMany: string,
): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < MAX_PAGES; page += 1) {
    const result = await fetchPage(cursor);
    items.push(...result.items);
    if (result.nextCursor === null) return items;
    cursor = result.nextCursor;
  }
  throw gatewayError('UNSUPPORTED_ENDPOINT', tooMany);
}

const TOO_MANY = `This integration reaches more than ${String(MAX_PAGES * 100)} repositories; list them through /v1/repositories with pagination.`;

export async function listIntegrationRepositories(
  services: GatewayServices,
  integration: ConnectionCredentials & { githubApp: { id: string } | null },
): Promise<Repository[]> {
  const { id } = integration;
  if (integration.githubApp === null)
    return asIntegration(services, id, () => {
      const adapter = services.providers.forConnection(integration);
      return allPages((cursor) => adapter.listRepositories({ limit: 100, cursor }), TOO_MANY);
    });
  let installations = await listInstallations(services, integration.githubApp.id);
  if (installations.length === 0) installations = await syncInstallations(services, id);
  const seen = new Set<string>();
  const repositories: Repository[] = [];
  for (const installation of installations) {
    if (installation.suspendedAt !== null) continue;
    const items = await asIntegration(services, id, () =>
      allPages(
        (cursor) =>
          installationRepositoriesPage(services, {
            connectionId: id,
            installationId: installation.installationId,
            cursor,
          }),
        TOO_MANY,
      ),
    );
    for (const repository of items)
      if (!seen.has(repository.id)) {
        seen.add(repository.id);
        repositories.push(repository);
      }
  }
  return repositories;
}
