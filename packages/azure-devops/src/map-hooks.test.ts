import { EventSubscriptionSchema } from '@scm/core';
import { expectGolden } from '@scm/testkit/golden';
import { describe, expect, it } from 'vitest';
import { officialGolden, officialResponse } from './azure-official-examples.js';
import { WireSubscriptionSchema } from './azure-schemas.js';
import { HOOK_EVENT_TYPES, mapEventSubscription, publisherOf } from './map-hooks.js';

const context = {
  includeRaw: false,
  organization: 'fabrikam',
  collectionUrl: 'https://dev.azure.com/fabrikam',
};

describe('mapEventSubscription', () => {
  it('maps the official subscription created by POST hooks/subscriptions', () => {
    const wire = WireSubscriptionSchema.parse(
      officialResponse('hooks/7.1/httpExamples/subscriptions/POST__hooks_subscriptions.json'),
    );
    const hook = mapEventSubscription(
      [wire, { ...wire, id: '0b6e4f3a-0000-4000-8000-000000000001' }],
      { repository: 'fabrikam/Fabrikam-Fiber-Git/api', events: ['check'], active: true },
      context,
    );
    expect(EventSubscriptionSchema.parse(hook)).toEqual(hook);
    expect(hook.id).toBe(
      'fd672255-8b6b-4769-9260-beea83d752ce,0b6e4f3a-0000-4000-8000-000000000001',
    );
    expect(hook.callbackUrl).toBe('https://myservice/myhookeventreceiver');
    expectGolden(hook, officialGolden('subscription'));
  });

  it('subscribes pipeline events with the pipelines publisher, the rest with tfs', () => {
    expect(HOOK_EVENT_TYPES.job.map(publisherOf)).toEqual(['pipelines', 'pipelines']);
    expect(HOOK_EVENT_TYPES.pull_request.map(publisherOf)).toEqual(['tfs', 'tfs', 'tfs']);
  });
});
