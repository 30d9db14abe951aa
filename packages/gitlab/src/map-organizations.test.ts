import { OrganizationSchema } from '@scm/core';
import { expectGolden, goldenPath, readFixture } from '@scm/testkit/golden';
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { WireGroupSchema } from './gitlab-schemas.js';
import { mapOrganization } from './map-organizations.js';

// __fixtures__/groups.json: a group of the "List groups" example of GitLab's API docs
// (https://docs.gitlab.com/api/groups/) and a subgroup of it.
const context = { includeRaw: false, webBase: 'http://localhost:3000' };

describe('mapOrganization', () => {
  it('maps groups and subgroups to their golden form, the login being the full path', () => {
    const organizations = z
      .array(WireGroupSchema)
      .parse(readFixture(import.meta.url, 'groups'))
      .map((wire) => mapOrganization(wire, context));
    for (const organization of organizations)
      expect(OrganizationSchema.parse(organization)).toEqual(organization);
    expect(organizations.map((organization) => organization.login)).toEqual([
      'foo-bar',
      'foo-bar/platform',
    ]);
    expectGolden(organizations, goldenPath(import.meta.url, 'groups'));
  });
});
