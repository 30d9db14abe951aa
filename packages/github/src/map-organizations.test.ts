import { OrganizationSchema } from '@scm/core';
import { expectGolden, goldenPath } from '@scm/testkit/golden';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { openApiExample } from './conformance/octokit-data.js';
import { WireOrganizationSchema } from './github-schemas.js';
import { mapOrganization } from './map-organizations.js';

// Inputs: GitHub's own response examples (@octokit/openapi); outputs: __fixtures__/*.golden.json.
const context = { includeRaw: false, webUrl: 'https://github.com' };

describe('mapOrganization against GitHub’s own examples', () => {
  it('maps organization-simple-items to __fixtures__/organizations.golden.json', () => {
    const mapped = z
      .array(WireOrganizationSchema)
      .parse(openApiExample('organization-simple-items'))
      .map((wire) => mapOrganization(wire, context));
    expect(z.array(OrganizationSchema).parse(mapped)).toEqual(mapped);
    expectGolden(mapped, goldenPath(import.meta.url, 'organizations'));
  });
});
