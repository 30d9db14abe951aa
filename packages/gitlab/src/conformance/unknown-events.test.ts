import { readdirSync } from 'node:fs';
import { ScmEventSchema } from '@scm/core';
import { expectGolden, goldenPath, readFixture } from '@scm/testkit/golden';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { mapGitLabEvents } from '../map-event.js';
import { CORPUS_WEBHOOK_EVENTS, GITLAB_CORPUS, readCorpus } from './corpora.js';

// How many real GitLab deliveries still normalize to `unknown`: every webhook body of the corpus
// (fixtures/gitlab/webhooks/) and every delivery of src/__fixtures__/events.json (after GitLab's
// webhook documentation). The counts per event are kept in __fixtures__/unknown-events.golden.json
// (rewrite it with UPDATE_GOLDEN=1 after mapping a new event, and review it); the totals are
// printed, so `npx vitest run src/conformance/unknown-events.test.ts` is the measurement.

const Deliveries = z.record(z.string(), z.object({ event: z.string(), payload: z.unknown() }));

function corpus(): { event: string; payload: unknown }[] {
  const files = readdirSync(new URL('webhooks/', GITLAB_CORPUS))
    .filter((file) => file.endsWith('.json'))
    .sort();
  const fromCorpus = files.map((file) => {
    const event = CORPUS_WEBHOOK_EVENTS[file];
    expect(event, `no X-Gitlab-Event known for ${file}`).toBeDefined();
    return { event: event ?? '', payload: readCorpus(`webhooks/${file}`) };
  });
  const documented = Object.values(
    Deliveries.parse(readFixture(new URL('../index.ts', import.meta.url), 'events')),
  );
  return [...fromCorpus, ...documented];
}

describe('real GitLab deliveries that normalize to unknown', () => {
  it('are counted per event as the golden file says', () => {
    const byEvent: Record<string, { deliveries: number; unknown: number }> = {};
    let total = 0;
    let unknown = 0;
    for (const { event, payload } of corpus()) {
      const events = mapGitLabEvents(event, payload, {
        deliveryId: 'measure',
        receivedAt: '2030-01-01T00:00:00Z',
      }).map((e) => ScmEventSchema.parse(e));
      expect(events.length, event).toBeGreaterThan(0);
      const tally = (byEvent[event] ??= { deliveries: 0, unknown: 0 });
      tally.deliveries += 1;
      total += 1;
      if (events.some((e) => e.type === 'unknown')) {
        tally.unknown += 1;
        unknown += 1;
      }
    }
    const sorted = Object.fromEntries(
      Object.entries(byEvent).sort(([a], [b]) => a.localeCompare(b)),
    );
    console.info(`gitlab: ${String(unknown)} of ${String(total)} deliveries normalize to unknown`);
    expectGolden(
      { provider: 'gitlab', deliveries: total, unknown, byEvent: sorted },
      goldenPath(import.meta.url, 'unknown-events'),
    );
  });
});
