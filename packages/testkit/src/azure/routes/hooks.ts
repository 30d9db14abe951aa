import { randomUUID } from 'node:crypto';
import type { Route, SimulatorResponse } from '../../server/simulator-server.js';
import { repositoryGuid } from '../azure-dataset.js';
import { azureError, list } from '../azure-wire.js';
import { renderSubscription } from '../render/hooks.js';
import type { AzureRouteKit, StoredSubscription } from '../route-kit.js';

/** The events the simulator can deliver (publisher `tfs`, and `pipelines` for run events). */
export const AZURE_EVENT_TYPES = [
  'git.push',
  'git.pullrequest.created',
  'git.pullrequest.updated',
  'git.pullrequest.merged',
  'ms.vss-code.git-pullrequest-comment-event',
  'build.complete',
  'ms.vss-pipelines.run-state-changed-event',
  'ms.vss-pipelines.stage-state-changed-event',
  'ms.vss-pipelines.job-state-changed-event',
] as const;

function invalid(message: string): SimulatorResponse {
  return azureError(
    400,
    message,
    'ServiceHookException',
    'Microsoft.VisualStudio.Services.ServiceHooks.WebApi',
  );
}

function strings(value: unknown): Record<string, string> | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const entries = Object.entries(value);
  return entries.every(([, item]) => typeof item === 'string')
    ? Object.fromEntries(entries)
    : undefined;
}

/**
 * Service-hook subscriptions of the organization
 * (https://learn.microsoft.com/en-us/azure/devops/service-hooks/create-subscription): one per
 * event type, consumer `webHooks` / action `httpRequest`, its `publisherInputs` naming the
 * project (and repository), its `consumerInputs` the URL and the optional Basic credentials and
 * custom headers it is delivered with.
 */
export function hooksRoutes(kit: AzureRouteKit): Route[] {
  const { subscriptions } = kit.state;
  const notFound = (id: string) =>
    azureError(
      404,
      `VS1050006: Subscription ${id} does not exist or you do not have access to it.`,
      'SubscriptionNotFoundException',
      'Microsoft.VisualStudio.Services.ServiceHooks.WebApi',
    );
  return [
    kit.orgRoute('POST', '/_apis/hooks/subscriptions', (request) => {
      const body = (request.body ?? {}) as Record<string, unknown>;
      const eventType = body.eventType;
      if (
        typeof eventType !== 'string' ||
        !(AZURE_EVENT_TYPES as readonly string[]).includes(eventType)
      )
        return invalid(
          `VS1050004: The event type '${String(eventType)}' is not supported by publisher '${String(body.publisherId)}'.`,
        );
      const publisherInputs = strings(body.publisherInputs) ?? {};
      const consumerInputs = strings(body.consumerInputs);
      if (body.consumerId !== 'webHooks' || body.consumerActionId !== 'httpRequest')
        return invalid(
          'VS1050001: Only the webHooks consumer and its httpRequest action are available.',
        );
      if (consumerInputs?.url === undefined || !/^https?:\/\//.test(consumerInputs.url))
        return invalid(
          "VS1050011: The input 'url' is required and must be an absolute http(s) URL.",
        );
      const project = kit.findProject(publisherInputs.projectId ?? '');
      if (project === undefined)
        return invalid("VS1050011: The input 'projectId' is required and must name a project.");
      const repository = publisherInputs.repository;
      if (
        repository !== undefined &&
        repository !== '' &&
        !kit
          .repositoriesOf(project)
          .some((repo) => repositoryGuid(repo.uuid) === repository.toLowerCase())
      )
        return invalid(
          `VS1050011: The repository '${repository}' is not in project ${project.name}.`,
        );
      const subscription: StoredSubscription = {
        id: randomUUID(),
        eventType,
        publisherId: typeof body.publisherId === 'string' ? body.publisherId : 'tfs',
        resourceVersion: typeof body.resourceVersion === 'string' ? body.resourceVersion : '1.0',
        consumerId: 'webHooks',
        consumerActionId: 'httpRequest',
        publisherInputs: { ...publisherInputs, projectId: project.id },
        consumerInputs,
        createdDate: kit.iso(),
      };
      subscriptions.set(subscription.id, subscription);
      return { json: renderSubscription(kit, subscription) };
    }),
    kit.orgRoute('GET', '/_apis/hooks/subscriptions', () =>
      list(
        [...subscriptions.values()].map((subscription) => renderSubscription(kit, subscription)),
      ),
    ),
    kit.orgRoute('GET', '/_apis/hooks/subscriptions/:subscriptionId', (request) => {
      const subscription = subscriptions.get(request.params.subscriptionId ?? '');
      return subscription === undefined
        ? notFound(request.params.subscriptionId ?? '')
        : { json: renderSubscription(kit, subscription) };
    }),
    kit.orgRoute('DELETE', '/_apis/hooks/subscriptions/:subscriptionId', (request) => {
      const id = request.params.subscriptionId ?? '';
      if (!subscriptions.delete(id)) return notFound(id);
      return { status: 204 };
    }),
  ];
}
