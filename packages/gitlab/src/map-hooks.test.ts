import { EventSubscriptionSchema } from '@scm/core';
import { expectGolden, goldenPath, readFixture } from '@scm/testkit/golden';
import { describe, expect, it } from 'vitest';
import { WireHookSchema } from './gitlab-schemas.js';
import { mapEventSubscription } from './map-hooks.js';

// __fixtures__/hook.json is the "Get a project webhook" example of GitLab's API docs
// (https://docs.gitlab.com/api/project_webhooks/), with some event flags turned off.
const context = { includeRaw: false, webBase: 'https://gitlab.example.com' };

describe('mapEventSubscription', () => {
  it('maps a project hook to its golden form, its events read from the flags', () => {
    const wire = WireHookSchema.parse(readFixture(import.meta.url, 'hook'));
    const subscription = mapEventSubscription(wire, 'acme/platform/api', context);
    expect(EventSubscriptionSchema.parse(subscription)).toEqual(subscription);
    expect(subscription.events).toEqual(['push', 'pull_request', 'tag', 'check', 'deployment']);
    expectGolden(subscription, goldenPath(import.meta.url, 'hook'));
  });

  it('counts check as subscribed when either pipeline or job events are on', () => {
    const wire = WireHookSchema.parse({ id: 2, url: 'https://x.test/hook', job_events: true });
    expect(mapEventSubscription(wire, '9', context)).toMatchObject({
      events: ['check'],
      active: true,
      repository: '9',
      createdAt: null,
    });
  });
});
