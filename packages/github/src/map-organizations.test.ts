import { OrganizationSchema } from '@scm/core';
import { expectGolden, goldenPath, readFixture } from '@scm/testkit/golden';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { WireOrganizationSchema } from './github-schemas.js';
import { mapOrganization } from './map-organizations.js';

// Inputs: GitHub's own response examples (@octokit/openapi), kept as __fixtures__/<name>.json
// (fixture-sources.test.ts checks them against the package); outputs: <name>.golden.json.
const context = { includeRaw: false, webUrl: 'https://github.com' };

describe('mapOrganization against GitHub’s own examples', () => {
  it('maps organization-simple-items to __fixtures__/organizations.golden.json', () => {
    const mapped = z
      .array(WireOrganizationSchema)
      .parse(readFixture(import.meta.url, 'organizations'))
      .map((wire) => mapOrganization(wire, context));
    expect(z.array(OrganizationSchema).parse(mapped)).toEqual(mapped);
    expectGolden(mapped, goldenPath(import.meta.url, 'organizations'));
  });
});
