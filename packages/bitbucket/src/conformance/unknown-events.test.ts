import { ScmEventSchema } from '@scm/core';
import { expectGolden, goldenPath, readFixture } from '@scm/testkit/golden';
import { describe, expect, it } from 'vitest';
import { mapBitbucketEvents } from '../map-event.js';
import { corpusFiles, corpusJson, GOLDEN_BASE, webhookEventKey } from './corpora.js';

// How many real Bitbucket deliveries still normalize to `unknown`, and how many events they give:
// every webhook body of the corpus (fixtures/bitbucket/webhooks/) and every delivery of
// src/__fixtures__/events.json (after Atlassian's event payload documentation). The counts per
// event key are kept in __fixtures__/unknown-events.golden.json (rewrite it with UPDATE_GOLDEN=1
// after mapping a new event, and review it); the totals are printed, so
// `npx vitest run src/conformance/unknown-events.test.ts` is the measurement.

function corpus(): { eventKey: string; payload: unknown }[] {
  const recorded = corpusFiles('webhooks').map((file) => {
    const eventKey = webhookEventKey(file);
    expect(eventKey, `no event key known for ${file}`).toBeDefined();
    return { eventKey: eventKey ?? '', payload: corpusJson(`webhooks/${file}`) };
  });
  const documented = Object.values(
    readFixture(GOLDEN_BASE, 'events') as Record<string, { eventKey: string; payload: unknown }>,
  );
  return [...recorded, ...documented];
}

describe('real Bitbucket deliveries that normalize to unknown', () => {
  it('are counted per event key as the golden file says', () => {
    const byEvent: Record<string, { deliveries: number; events: number; unknown: number }> = {};
    let total = 0;
    let unknown = 0;
    for (const { eventKey, payload } of corpus()) {
      const events = mapBitbucketEvents(eventKey, payload, {
        deliveryId: 'measure',
        receivedAt: '2030-01-01T00:00:00Z',
      }).map((e) => ScmEventSchema.parse(e));
      expect(events.length, eventKey).toBeGreaterThan(0);
      const tally = (byEvent[eventKey] ??= { deliveries: 0, events: 0, unknown: 0 });
      tally.deliveries += 1;
      tally.events += events.length;
      total += 1;
      if (events.some((e) => e.type === 'unknown')) {
        tally.unknown += 1;
        unknown += 1;
      }
    }
    const sorted = Object.fromEntries(
      Object.entries(byEvent).sort(([a], [b]) => a.localeCompare(b)),
    );
    console.info(
      `bitbucket: ${String(unknown)} of ${String(total)} deliveries normalize to unknown`,
    );
    expectGolden(
      { provider: 'bitbucket', deliveries: total, unknown, byEvent: sorted },
      goldenPath(import.meta.url, 'unknown-events'),
    );
  });
});
