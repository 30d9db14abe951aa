import { OrganizationSchema } from '@scm/core';
import { describe, expect, it } from 'vitest';
// In a provider package: '@scm/testkit/golden'.
import { expectGolden, goldenPath, readFixture } from '../golden/index.js';
import { WireOrganizationSchema, wirePageSchema } from './example-schemas.js';
import { mapOrganization } from './map-organizations.js';

const context = { includeRaw: false };

describe('mapOrganization', () => {
  it('maps a page of GET /orgs to its golden form', () => {
    const page = wirePageSchema(WireOrganizationSchema).parse(
      readFixture(import.meta.url, 'organizations'),
    );
    const organizations = page.items.map((wire) => mapOrganization(wire, context));
    for (const organization of organizations)
      expect(OrganizationSchema.parse(organization)).toEqual(organization);
    expectGolden(organizations, goldenPath(import.meta.url, 'organizations'));
  });
});
