import { PullRequestSchema } from '@scm/core';
import { describe, expect, it } from 'vitest';
// In a provider package: '@scm/testkit/golden'.
import { expectGolden, goldenPath, readFixture } from '../golden/index.js';
import { WireChangeSchema, wirePageSchema } from './example-schemas.js';
import { mapPullRequest } from './map-pull-requests.js';

const wire = {
  id: 77,
  number: 5,
  title: 'Add cache',
  description: null,
  status: 'draft',
  author: { handle: 'ada-lovelace' },
  source: { branch: 'feature/cache', sha: 'a'.repeat(40) },
  target: { branch: 'main' },
  labels: [{ name: 'enhancement' }],
  repo: { id: 1, slug: 'acme/api' },
  web_url: 'https://example.test/acme/api/changes/5',
  created_at: '2024-01-01T00:00:00Z',
  updated_at: '2024-01-02T00:00:00Z',
  merged_at: null,
  closed_at: null,
};

describe('mapPullRequest', () => {
  it('maps change requests (draft, open, merged, closed) to their golden form', () => {
    const page = wirePageSchema(WireChangeSchema).parse(readFixture(import.meta.url, 'changes'));
    const pullRequests = page.items.map((change) => mapPullRequest(change, { includeRaw: false }));
    for (const pr of pullRequests) expect(PullRequestSchema.parse(pr)).toEqual(pr);
    expect(pullRequests.map((pr) => [pr.state, pr.draft])).toEqual([
      ['open', true],
      ['open', false],
      ['merged', false],
      ['closed', false],
    ]);
    expectGolden(pullRequests, goldenPath(import.meta.url, 'changes'));
  });

  it('reads the example `draft` status as an open draft', () => {
    const pr = mapPullRequest(WireChangeSchema.parse(wire), { includeRaw: false });
    expect(pr).toMatchObject({
      state: 'open',
      draft: true,
      number: 5,
      repository: 'acme/api',
      labels: ['enhancement'],
      headSha: 'a'.repeat(40),
    });
  });

  it('keeps merged and closed apart', () => {
    const merged = mapPullRequest(
      WireChangeSchema.parse({ ...wire, status: 'merged', merged_at: '2024-01-03T00:00:00Z' }),
      { includeRaw: false },
    );
    const closed = mapPullRequest(WireChangeSchema.parse({ ...wire, status: 'closed' }), {
      includeRaw: false,
    });
    expect([merged.state, merged.draft, merged.mergedAt]).toEqual([
      'merged',
      false,
      '2024-01-03T00:00:00Z',
    ]);
    expect([closed.state, closed.draft]).toEqual(['closed', false]);
  });
});
