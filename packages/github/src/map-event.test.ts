import { ScmEventSchema } from '@scm/core';
import { expectGolden, goldenPath, readFixture } from '@scm/testkit/golden';
import { describe, expect, it } from 'vitest';
import { mapGitHubEvent, mapGitHubEvents } from './map-event.js';

// The first official example of each normalized event (@octokit/webhooks-examples), kept as
// __fixtures__/events.json by event name (fixture-sources.test.ts checks them against the package),
// mapped in full and compared with __fixtures__/events.golden.json (the payload itself is left
// out: `raw` is the parsed body, untouched).

const EVENTS = [
  'push',
  'pull_request',
  'create',
  'delete',
  'release',
  'check_run',
  'check_suite',
  'status',
  'deployment',
  'deployment_status',
  'workflow_run',
  'ping',
  'installation',
  'workflow_job',
  'pull_request_review',
  'pull_request_review_comment',
  'issue_comment',
  'commit_comment',
  'issues',
  'repository',
  'installation_repositories',
  'star',
];

describe('mapGitHubEvent', () => {
  it('maps the first official example of every event as the golden file says', () => {
    const payloads = readFixture(import.meta.url, 'events') as Record<string, unknown>;
    expect(Object.keys(payloads)).toEqual(EVENTS);
    const mapped: Record<string, unknown> = {};
    for (const event of EVENTS) {
      const payload = payloads[event];
      expect(payload, event).toBeDefined();
      const result = ScmEventSchema.parse(
        mapGitHubEvent(payload, {
          event,
          deliveryId: `delivery-${event}`,
          receivedAt: '2030-01-01T00:00:00Z',
        }),
      );
      expect(result.raw).toBe(payload);
      expect(
        mapGitHubEvents(payload, {
          event,
          deliveryId: `delivery-${event}`,
          receivedAt: '2030-01-01T00:00:00Z',
        }),
      ).toEqual([result]);
      mapped[event] = { ...result, raw: undefined };
    }
    expectGolden(mapped, goldenPath(import.meta.url, 'events'));
  });
});
