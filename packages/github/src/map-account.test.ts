import { ViewerSchema } from '@scm/core';
import { expectGolden, goldenPath, readFixture } from '@scm/testkit/golden';
import { describe, expect, it } from 'vitest';
import { WireUserSchema } from './github-schemas.js';
import { mapViewer } from './map-account.js';

// Inputs: GitHub's own response examples (@octokit/openapi), kept as __fixtures__/<name>.json
// (fixture-sources.test.ts checks them against the package); outputs: <name>.golden.json.
const context = { includeRaw: false };

describe('mapViewer against GitHub’s own examples', () => {
  it('maps private-user to __fixtures__/viewer.golden.json', () => {
    const mapped = mapViewer(WireUserSchema.parse(readFixture(import.meta.url, 'viewer')), context);
    expect(ViewerSchema.parse(mapped)).toEqual(mapped);
    expectGolden(mapped, goldenPath(import.meta.url, 'viewer'));
  });
});
