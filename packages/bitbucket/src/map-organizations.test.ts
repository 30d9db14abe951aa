import { OrganizationSchema } from '@scm/core';
import { expectGolden, goldenPath } from '@scm/testkit/golden';
import { describe, expect, it } from 'vitest';
import { WireWorkspaceAccessSchema, wirePageSchema } from './bitbucket-schemas.js';
import { specExample, specExampleName } from './conformance/corpora.js';
import { mapOrganization } from './map-organizations.js';

const context = { includeRaw: false };
const PATH = '/user/workspaces';

describe('mapOrganization', () => {
  it('maps the workspaces of Atlassian’s documented GET /user/workspaces to their golden form', () => {
    const page = wirePageSchema(WireWorkspaceAccessSchema).parse(specExample(PATH));
    const organizations = page.values.map((access) => mapOrganization(access.workspace, context));
    expect(organizations.length).toBeGreaterThan(0);
    for (const organization of organizations)
      expect(OrganizationSchema.parse(organization)).toEqual(organization);
    expectGolden(organizations, goldenPath(import.meta.url, specExampleName(PATH)));
  });

  it('reads a workspace without a name or links', () => {
    expect(mapOrganization({ uuid: '{w}', slug: 'acme' }, context)).toEqual({
      provider: 'bitbucket',
      id: '{w}',
      login: 'acme',
      name: null,
      description: null,
      avatarUrl: null,
      webUrl: null,
    });
  });
});
