import { toTimestamp, type ScmEventBase } from '@scm/core';
import type { WireIdentity } from './azure-schemas.js';
import { actorOfIdentity, AZURE_PROVIDER_ID, repositoryId } from './map-common.js';

/** What the delivery says beside its body, and what the receiver knows. */
export interface DeliveryContext {
  /** The notification id (`notificationId`), else the event id; null when neither. */
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
  project?: { name: string } | null | undefined;
}

/** The repository of an event, named as the listings name it. */
export function eventRepository(
  wire: EventRepositoryLike | null | undefined,
  delivery: DeliveryContext,
): ScmEventBase['repository'] {
  if (wire === null || wire === undefined) return null;
  const path = [delivery.organization, wire.project?.name, wire.name].filter(
    (part): part is string => part !== undefined && part !== '',
  );
  return { id: repositoryId(wire.id), fullName: path.join('/'), webUrl: wire.remoteUrl ?? null };
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
