import { EventSubscriptionSchema } from '@scm/core';
import { expectGolden, goldenPath } from '@scm/testkit/golden';
import { describe, expect, it } from 'vitest';
import { WireHookSchema } from './bitbucket-schemas.js';
import { corpusJson } from './conformance/corpora.js';
import { mapEventSubscription } from './map-hooks.js';

const HOOK = 'api/2.0-repositories-amuniz-test-repos-hooks';

describe('mapEventSubscription', () => {
  it('maps the recorded webhook Bitbucket created to its golden form', () => {
    const wire = WireHookSchema.parse(corpusJson(`${HOOK}.json`));
    const subscription = mapEventSubscription(wire, 'amuniz/test-repos', { includeRaw: false });
    expect(EventSubscriptionSchema.parse(subscription)).toEqual(subscription);
    expectGolden(subscription, goldenPath(import.meta.url, HOOK));
  });
});
