import { EventSubscriptionSchema } from '@scm/core';
import { expectGolden, goldenPath } from '@scm/testkit/golden';
import { describe, expect, it } from 'vitest';
import { openApiExample } from './conformance/octokit-data.js';
import { WireHookSchema } from './github-schemas.js';
import { mapEventSubscription } from './map-hooks.js';

// Inputs: GitHub's own response examples (@octokit/openapi); outputs: __fixtures__/*.golden.json.
const context = { includeRaw: false };

describe('mapEventSubscription against GitHub’s own examples', () => {
  it('maps hook to __fixtures__/webhook.golden.json', () => {
    const mapped = mapEventSubscription(
      WireHookSchema.parse(openApiExample('hook')),
      'octocat/Hello-World',
      context,
    );
    expect(EventSubscriptionSchema.parse(mapped)).toEqual(mapped);
    expectGolden(mapped, goldenPath(import.meta.url, 'webhook'));
  });
});
