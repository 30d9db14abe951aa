import { getHeader } from '@scm/core';
import { startAzureSimulator, type AzureSimulator } from '@scm/testkit/azure';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAzureValidator } from './azure-openapi-validator.js';

/**
 * The definition each service-hook event's `resource` is an instance of, as Microsoft's event
 * reference says (https://learn.microsoft.com/en-us/azure/devops/service-hooks/events): the
 * simulator's deliveries must fit the same 7.1 definitions its API answers do.
 */
const RESOURCE_DEFINITION: Readonly<Record<string, { area: 'git'; name: string } | undefined>> = {
  'git.push': { area: 'git', name: 'GitPush' },
  'git.pullrequest.created': { area: 'git', name: 'GitPullRequest' },
  'git.pullrequest.updated': { area: 'git', name: 'GitPullRequest' },
  'git.pullrequest.merged': { area: 'git', name: 'GitPullRequest' },
};

interface Envelope {
  id: string;
  eventType: string;
  publisherId: string;
  resource: Record<string, unknown>;
  resourceContainers: Record<string, { id: string }>;
}

describe('the simulator’s service-hook deliveries', () => {
  let sim: AzureSimulator;
  beforeAll(async () => {
    sim = await startAzureSimulator({ seed: 3 });
  });
  afterAll(async () => {
    await sim.stop();
  });

  it('carry resources that fit Microsoft’s definitions, unsigned, with the subscription’s Basic credentials', () => {
    const validator = createAzureValidator();
    const deliveries = sim.webhooks.deliveries();
    const failures: string[] = [];
    const checked = new Set<string>();
    for (const delivery of deliveries) {
      const body = JSON.parse(String(delivery.request.rawBody)) as Envelope;
      expect(body.id).toMatch(/^[0-9a-f-]{36}$/);
      expect(body.resourceContainers.project?.id).toMatch(/^[0-9a-f-]{36}$/);
      const authorization = getHeader(delivery.request.headers, 'authorization') ?? '';
      expect(Buffer.from(authorization.replace(/^Basic /, ''), 'base64').toString()).toBe(
        `${sim.webhookUsername}:${sim.webhooks.secret}`,
      );
      const definition = RESOURCE_DEFINITION[body.eventType];
      const comment = body.eventType === 'ms.vss-code.git-pullrequest-comment-event';
      const parts: [string, unknown][] =
        definition !== undefined
          ? [[definition.name, body.resource]]
          : comment
            ? [
                ['Comment', body.resource.comment],
                ['GitPullRequest', body.resource.pullRequest],
              ]
            : [];
      for (const [name, resource] of parts) {
        checked.add(`${body.eventType} ${name}`);
        const errors = validator.checkDefinition('git', name, resource);
        if (errors.length > 0) failures.push(`${body.eventType} ${name}: ${errors.join('; ')}`);
      }
    }
    expect(failures).toEqual([]);
    // Not a no-op: a push whose id is text does not fit GitPush.
    const push = deliveries.find((delivery) => delivery.name === 'git.push');
    const resource = (JSON.parse(String(push?.request.rawBody)) as Envelope).resource;
    expect(validator.checkDefinition('git', 'GitPush', { ...resource, pushId: 'one' })).not.toEqual(
      [],
    );
    expect([...checked].sort()).toEqual([
      'git.pullrequest.created GitPullRequest',
      'git.pullrequest.merged GitPullRequest',
      'git.push GitPush',
      'ms.vss-code.git-pullrequest-comment-event Comment',
      'ms.vss-code.git-pullrequest-comment-event GitPullRequest',
    ]);
  });
});
