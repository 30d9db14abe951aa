import { OrganizationSchema } from '@scm/core';
import { expectGolden } from '@scm/testkit/golden';
import { describe, expect, it } from 'vitest';
import { officialGolden, officialResponse } from './azure-official-examples.js';
import { WireProjectSchema, wireListSchema } from './azure-schemas.js';
import { mapOrganization } from './map-organizations.js';

const context = {
  includeRaw: false,
  organization: 'fabrikam',
  collectionUrl: 'https://dev.azure.com/fabrikam',
};

describe('mapOrganization', () => {
  it('maps the official projects list: each project is an organization/project login', () => {
    const orgs = wireListSchema(WireProjectSchema)
      .parse(officialResponse('core/7.1/httpExamples/projects/GET__projects.json'))
      .value.map((wire) => mapOrganization(wire, context));
    for (const org of orgs) expect(OrganizationSchema.parse(org)).toEqual(org);
    expect(orgs[0]?.login).toBe('fabrikam/Fabrikam-Fiber-TFVC');
    expectGolden(orgs, officialGolden('projects'));
  });
});
