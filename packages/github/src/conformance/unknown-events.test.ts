import { readdirSync } from 'node:fs';
import { ScmEventSchema } from '@scm/core';
import { expectGolden, goldenPath } from '@scm/testkit/golden';
import { describe, expect, it } from 'vitest';
import { mapGitHubEvents } from '../map-event.js';
import { packageDir, readPackageJson } from './octokit-data.js';

// How many real GitHub deliveries still normalize to `unknown`: every example payload of every
// source of @octokit/webhooks-examples (api.github.com and each GHES version), counted once per
// distinct (event, body). The counts per event are kept in __fixtures__/unknown-events.golden.json
// (rewrite it with UPDATE_GOLDEN=1 after mapping a new event, and review it); the totals are
// printed, so `npx vitest run src/conformance/unknown-events.test.ts` is the measurement.

interface Tally {
  deliveries: number;
  unknown: number;
}

function corpus(): { event: string; payload: unknown }[] {
  const root = packageDir('@octokit/webhooks-examples');
  const seen = new Set<string>();
  const deliveries: { event: string; payload: unknown }[] = [];
  const sources = readdirSync(root)
    .filter((name) => name === 'api.github.com' || name.startsWith('ghes-'))
    .sort();
  for (const source of sources) {
    const definitions = readPackageJson('@octokit/webhooks-examples', `${source}/index.json`) as {
      name: string;
      examples: unknown[];
    }[];
    for (const { name, examples } of definitions)
      for (const payload of examples) {
        const key = `${name} ${JSON.stringify(payload)}`;
        if (seen.has(key)) continue;
        seen.add(key);
        deliveries.push({ event: name, payload });
      }
  }
  return deliveries;
}

describe('real GitHub deliveries that normalize to unknown', () => {
  it('are counted per event as the golden file says', () => {
    const byEvent: Record<string, Tally> = {};
    let total = 0;
    let unknown = 0;
    for (const { event, payload } of corpus()) {
      const events = mapGitHubEvents(payload, {
        event,
        deliveryId: 'measure',
        receivedAt: '2030-01-01T00:00:00Z',
      }).map((e) => ScmEventSchema.parse(e));
      expect(events.length, event).toBeGreaterThan(0);
      const isUnknown = events.some((e) => e.type === 'unknown');
      const tally = (byEvent[event] ??= { deliveries: 0, unknown: 0 });
      tally.deliveries += 1;
      total += 1;
      if (isUnknown) {
        tally.unknown += 1;
        unknown += 1;
      }
    }
    const sorted = Object.fromEntries(
      Object.entries(byEvent).sort(([a], [b]) => a.localeCompare(b)),
    );
    console.info(`github: ${String(unknown)} of ${String(total)} deliveries normalize to unknown`);
    expectGolden(
      { provider: 'github', deliveries: total, unknown, byEvent: sorted },
      goldenPath(import.meta.url, 'unknown-events'),
    );
  });
});
