import { EventSubscriptionSchema } from '@scm/core';
import { expectGolden, goldenPath, readFixture } from '@scm/testkit/golden';
import { describe, expect, it } from 'vitest';
import { WireHookSchema } from './github-schemas.js';
import { mapEventSubscription } from './map-hooks.js';

// Inputs: GitHub's own response examples (@octokit/openapi), kept as __fixtures__/<name>.json
// (fixture-sources.test.ts checks them against the package); outputs: <name>.golden.json.
const context = { includeRaw: false };

describe('mapEventSubscription against GitHub’s own examples', () => {
  it('maps hook to __fixtures__/webhook.golden.json', () => {
    const mapped = mapEventSubscription(
      WireHookSchema.parse(readFixture(import.meta.url, 'webhook')),
      'octocat/Hello-World',
      context,
    );
    expect(EventSubscriptionSchema.parse(mapped)).toEqual(mapped);
    expectGolden(mapped, goldenPath(import.meta.url, 'webhook'));
  });
});
