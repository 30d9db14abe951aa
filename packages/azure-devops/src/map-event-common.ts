import { toTimestamp, type ScmEventBase } from '@scm/core';
import type { WireIdentity } from './azure-schemas.js';
import { actorOfIdentity, AZURE_PROVIDER_ID, repositoryId } from './map-common.js';

/** What the delivery says beside its body, and what the receiver knows. */
export interface DeliveryContext {
  /** The event's id (`id`), which Azure keeps when it retries a notification. */
  deliveryId: string | null;
  /** When the delivery was received: the occurrence time when the payload gives none. */
  receivedAt: string;
  /** The organization, for full names (`organization/project/repository`); see azure-webhooks.ts. */
  organization: string | undefined;
}

export interface EventRepositoryLike {
  id: string;
  name: string;
  remoteUrl?: string | null | undefined;
  webUrl?: string | null | undefined;
  project?: { name: string } | null | undefined;
}

/** The repository of an event, named as the listings name it. */
export function eventRepository(
  wire: EventRepositoryLike | null | undefined,
  delivery: DeliveryContext,
): ScmEventBase['repository'] {
  if (wire === null || wire === undefined) return null;
  const organization = delivery.organization ?? organizationOf(wire);
  const path = [organization, wire.project?.name, wire.name].filter(
    (part): part is string => part !== undefined && part !== '',
  );
  return { id: repositoryId(wire.id), fullName: path.join('/'), webUrl: repositoryPage(wire) };
}

/**
 * The organization (or collection) a repository's web or clone URL names, when the receiver was
 * not told: the path segment before `<project>/_git/` (`https://dev.azure.com/fabrikam/Web/_git/api`,
 * `https://tfs.example.com/tfs/DefaultCollection/Web/_git/api`), or the first label of
 * `<organization>.visualstudio.com`.
 */
function organizationOf(wire: EventRepositoryLike): string | undefined {
  const url = wire.webUrl ?? wire.remoteUrl;
  if (url === null || url === undefined) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  const segments = parsed.pathname.split('/').filter((segment) => segment !== '');
  const git = segments.indexOf('_git');
  const project = wire.project?.name.toLowerCase();
  const before = decodeURIComponent(segments[git - 1] ?? '');
  const candidate =
    git === -1
      ? undefined
      : before.toLowerCase() === project
        ? segments[git - 2]
        : segments[git - 1];
  if (candidate !== undefined && candidate !== '') return decodeURIComponent(candidate);
  return parsed.hostname.endsWith('.visualstudio.com')
    ? parsed.hostname.slice(0, parsed.hostname.indexOf('.'))
    : undefined;
}

/**
 * The repository's web page: `webUrl`, else `remoteUrl` without the user name Azure puts in
 * clone URLs (`https://fabrikam@dev.azure.com/…`).
 */
export function repositoryPage(wire: EventRepositoryLike | null | undefined): string | null {
  const url = wire?.webUrl ?? wire?.remoteUrl;
  if (url === null || url === undefined || url === '') return null;
  try {
    const parsed = new URL(url);
    parsed.username = '';
    parsed.password = '';
    return parsed.toString().replace(/\/$/, '');
  } catch {
    return null;
  }
}

/** The fields every Azure event has. */
export function eventBase(
  payload: unknown,
  delivery: DeliveryContext,
  input: {
    createdDate: string | null | undefined;
    action: string | null;
    repository: ScmEventBase['repository'];
    sender: WireIdentity | null | undefined;
  },
): Omit<ScmEventBase, 'raw'> & { raw: unknown } {
  return {
    provider: AZURE_PROVIDER_ID,
    deliveryId: delivery.deliveryId,
    occurredAt: toTimestamp(input.createdDate) ?? delivery.receivedAt,
    action: input.action,
    repository: input.repository,
    sender: actorOfIdentity(input.sender),
    installationId: null,
    raw: payload,
  };
}
