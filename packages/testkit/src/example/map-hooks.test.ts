import { EventSubscriptionSchema } from '@scm/core';
import { describe, expect, it } from 'vitest';
// In a provider package: '@scm/testkit/golden'.
import { expectGolden, goldenPath, readFixture } from '../golden/index.js';
import { WireHookSchema } from './example-schemas.js';
import { mapEventSubscription } from './map-hooks.js';

describe('mapEventSubscription', () => {
  it('maps a created hook to its golden form', () => {
    const wire = WireHookSchema.parse(readFixture(import.meta.url, 'hook'));
    const subscription = mapEventSubscription(wire, 'acme/api', { includeRaw: false });
    expect(EventSubscriptionSchema.parse(subscription)).toEqual(subscription);
    expectGolden(subscription, goldenPath(import.meta.url, 'hook'));
  });
});
