import { PullRequestSchema } from '@scm/core';
import { expectGolden, goldenPath } from '@scm/testkit/golden';
import { describe, expect, it } from 'vitest';
import { WirePullRequestSchema, wirePageSchema } from './bitbucket-schemas.js';
import { corpusJson } from './conformance/corpora.js';
import { mapPullRequest } from './map-pull-requests.js';

const PULL_REQUESTS = 'api/2.0-repositories-amuniz-test-repos-pullrequests_pagelen_50';
const recorded = corpusJson('api/2.0-repositories-amuniz-test-repos-pullrequests-1.json') as Record<
  string,
  unknown
>;

describe('mapPullRequest', () => {
  it('maps the recorded pull request list to its golden form', () => {
    const page = wirePageSchema(WirePullRequestSchema).parse(corpusJson(`${PULL_REQUESTS}.json`));
    const pullRequests = page.values.map((wire) => mapPullRequest(wire, { includeRaw: false }));
    for (const pr of pullRequests) expect(PullRequestSchema.parse(pr)).toEqual(pr);
    expectGolden(pullRequests, goldenPath(import.meta.url, PULL_REQUESTS));
  });

  it.each([
    ['OPEN', 'open', null],
    ['MERGED', 'merged', '2026-04-07T09:12:31Z'],
    ['DECLINED', 'closed', null],
    ['SUPERSEDED', 'closed', null],
  ] as const)(
    'maps %s to core %s (closed means closed without a merge)',
    (state, expected, mergedAt) => {
      const pr = mapPullRequest(
        WirePullRequestSchema.parse({
          ...recorded,
          state,
          updated_on: '2026-04-07T09:12:31.5+00:00',
        }),
        { includeRaw: false },
      );
      expect(pr.state).toBe(expected);
      expect(pr.mergedAt).toBe(mergedAt);
      expect(pr.closedAt).toBe(state === 'OPEN' ? null : '2026-04-07T09:12:31Z');
    },
  );

  it('attaches the wire payload as raw only when asked, and rejects an unknown state', () => {
    const wire = WirePullRequestSchema.parse(recorded);
    expect(mapPullRequest(wire, { includeRaw: true }).raw).toBe(wire);
    expect('raw' in mapPullRequest(wire, { includeRaw: false })).toBe(false);
    expect(WirePullRequestSchema.safeParse({ ...recorded, state: 'REOPENED' }).success).toBe(false);
    expect(WirePullRequestSchema.safeParse({ ...recorded, brand_new_field: 1 }).success).toBe(true);
  });
});
