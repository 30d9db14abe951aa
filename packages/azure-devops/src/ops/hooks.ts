import type { ScmProvider } from '@scm/core';
import type { AzureClient } from '../azure-client.js';
import { invalidRequest } from '../azure-errors.js';
import {
  WireRepositorySchema,
  WireSubscriptionSchema,
  type WireSubscription,
} from '../azure-schemas.js';
import { HOOK_EVENT_TYPES, mapEventSubscription, publisherOf } from '../map-hooks.js';

const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const REPOSITORY_EVENTS = new Set([
  'git.push',
  'git.pullrequest.created',
  'git.pullrequest.updated',
  'git.pullrequest.merged',
  'ms.vss-code.git-pullrequest-comment-event',
]);

/** The service hook event types of the asked-for core events; an unknown one is refused. */
function eventTypes(events: readonly string[]): string[] {
  if (events.length === 0) throw invalidRequest('A webhook needs at least one event');
  const types = new Set<string>();
  for (const event of events) {
    const mapped = (HOOK_EVENT_TYPES as Record<string, readonly string[] | undefined>)[event];
    if (mapped === undefined)
      throw invalidRequest(
        `Unknown webhook event ${event.slice(0, 64)}; use ${Object.keys(HOOK_EVENT_TYPES).join(', ')}`,
      );
    for (const type of mapped) types.add(type);
  }
  return [...types];
}

/**
 * Webhooks as service hook subscriptions (`POST _apis/hooks/subscriptions`, consumer `webHooks`,
 * action `httpRequest`), one per event type, filtered to the repository where the event allows it
 * (build and pipeline events filter by project only). The secret travels in the custom header
 * `webhookSecretHeader`: Azure signs nothing (see azure-webhooks.ts).
 */
export function hooksOps(
  client: AzureClient,
  options: { secretHeader: string },
): Pick<ScmProvider, 'createWebhook' | 'deleteWebhook'> {
  async function remove(id: string): Promise<void> {
    await client.send({
      method: 'DELETE',
      path: `/_apis/hooks/subscriptions/${id}`,
      responseType: 'text',
    });
  }

  return {
    async createWebhook(repo, input) {
      const types = eventTypes(input.events);
      if (input.secret === undefined || input.secret === '')
        throw invalidRequest(
          'An Azure DevOps webhook needs a secret: Azure does not sign deliveries',
        );
      if (/[\r\n]/.test(input.secret) || /[\r\n]/.test(input.callbackUrl))
        throw invalidRequest('A webhook secret or URL has no line breaks');
      const repository = await client.call(WireRepositorySchema, { path: client.repo(repo).path });
      const created: WireSubscription[] = [];
      try {
        for (const eventType of types) {
          created.push(
            await client.call(WireSubscriptionSchema, {
              method: 'POST',
              path: '/_apis/hooks/subscriptions',
              body: {
                publisherId: publisherOf(eventType),
                eventType,
                resourceVersion: '1.0',
                consumerId: 'webHooks',
                consumerActionId: 'httpRequest',
                status: input.active ? 'enabled' : 'disabledByUser',
                publisherInputs: {
                  projectId: repository.project.id,
                  ...(REPOSITORY_EVENTS.has(eventType) ? { repository: repository.id } : {}),
                },
                consumerInputs: {
                  url: input.callbackUrl,
                  httpHeaders: `${options.secretHeader}:${input.secret}`,
                  resourceDetailsToSend: 'all',
                  messagesToSend: 'none',
                  detailedMessagesToSend: 'none',
                },
              },
            }),
          );
        }
      } catch (error) {
        // One webhook or none: remove the subscriptions made before the failure.
        await Promise.allSettled(created.map((wire) => remove(wire.id)));
        throw error;
      }
      return mapEventSubscription(
        created,
        { repository: client.repoName(repo), events: input.events, active: input.active },
        client.context,
      );
    },

    async deleteWebhook(_repo, id) {
      const ids = id.split(',');
      if (ids.length === 0 || ids.length > 20 || !ids.every((part) => GUID.test(part)))
        throw invalidRequest('An Azure DevOps webhook id is one or more subscription GUIDs');
      for (const part of ids) await remove(part.toLowerCase());
    },
  };
}
