import { DiffFileSchema, PullRequestSchema } from '@scm/core';
import { expectGolden, goldenPath, readFixture } from '@scm/testkit/golden';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  WireDiffEntrySchema,
  WireIssueSearchItemSchema,
  WirePullRequestSchema,
  WireSearchSchema,
} from './github-schemas.js';
import { mapDiffEntry } from './map-commits.js';
import { mapIssueSearchItem, mapPullRequest } from './map-pull-requests.js';

// Inputs: GitHub's own response examples (@octokit/openapi), kept as __fixtures__/<name>.json
// (fixture-sources.test.ts checks them against the package); outputs: <name>.golden.json.
const context = { includeRaw: false };

describe('mapPullRequest and mapIssueSearchItem against GitHub’s own examples', () => {
  it('maps pull-request to __fixtures__/pull-request.golden.json', () => {
    const mapped = mapPullRequest(
      WirePullRequestSchema.parse(readFixture(import.meta.url, 'pull-request')),
      context,
    );
    expect(PullRequestSchema.parse(mapped)).toEqual(mapped);
    expectGolden(mapped, goldenPath(import.meta.url, 'pull-request'));
  });

  it('maps pull-request-simple-items to __fixtures__/pull-requests.golden.json', () => {
    const mapped = z
      .array(WirePullRequestSchema)
      .parse(readFixture(import.meta.url, 'pull-requests'))
      .map((wire) => mapPullRequest(wire, context));
    expect(z.array(PullRequestSchema).parse(mapped)).toEqual(mapped);
    expectGolden(mapped, goldenPath(import.meta.url, 'pull-requests'));
  });

  it('maps issue-search-result-item-paginated to __fixtures__/pull-request-search.golden.json', () => {
    const mapped = WireSearchSchema(WireIssueSearchItemSchema)
      .parse(readFixture(import.meta.url, 'pull-request-search'))
      .items.map((item) => mapIssueSearchItem(item, context));
    expect(z.array(PullRequestSchema).parse(mapped)).toEqual(mapped);
    expectGolden(mapped, goldenPath(import.meta.url, 'pull-request-search'));
  });

  it('maps diff-entry-items to __fixtures__/pull-request-files.golden.json', () => {
    const mapped = z
      .array(WireDiffEntrySchema)
      .parse(readFixture(import.meta.url, 'pull-request-files'))
      .map((wire) => mapDiffEntry(wire));
    expect(z.array(DiffFileSchema).parse(mapped)).toEqual(mapped);
    expectGolden(mapped, goldenPath(import.meta.url, 'pull-request-files'));
  });
});
