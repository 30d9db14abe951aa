import { ViewerSchema } from '@scm/core';
import { expectGolden } from '@scm/testkit/golden';
import { describe, expect, it } from 'vitest';
import { officialGolden, officialResponse } from './azure-official-examples.js';
import { WireProfileSchema } from './azure-schemas.js';
import { mapConnectionViewer, mapViewer } from './map-account.js';

const context = {
  includeRaw: false,
  organization: 'fabrikam',
  collectionUrl: 'https://dev.azure.com/fabrikam',
};

describe('mapViewer', () => {
  it('maps the official profiles/me example: the login is the account email', () => {
    const wire = WireProfileSchema.parse(
      officialResponse('profile/7.1/httpExamples/profiles/GET__profile_profiles_me.json'),
    );
    const viewer = mapViewer(wire, context);
    expect(ViewerSchema.parse(viewer)).toEqual(viewer);
    expect(viewer.login).toBe('fabrikamfiber16@hotmail.com');
    expectGolden(viewer, officialGolden('profile-me'));
  });

  it('falls back to the public alias, then the id, when the profile has no email', () => {
    expect(mapViewer({ id: 'x', publicAlias: 'alias' }, context).login).toBe('alias');
    expect(mapViewer({ id: 'x' }, context)).toMatchObject({ login: 'x', email: null, name: null });
  });
});

describe('mapConnectionViewer', () => {
  it('reads the caller of a Server collection from connectionData: the account is the login', () => {
    const viewer = mapConnectionViewer(
      {
        authenticatedUser: {
          id: '8c8c7d32-6b1b-47f4-b2e9-30b477b5ab3d',
          providerDisplayName: 'Chuck Reinhart',
          properties: {
            Account: { $value: 'FABRIKAM\\chuck' },
            Mail: { $value: 'chuck@fabrikam.example' },
          },
        },
      },
      context,
    );
    expect(ViewerSchema.parse(viewer)).toEqual(viewer);
    expect(viewer).toMatchObject({
      id: '8c8c7d32-6b1b-47f4-b2e9-30b477b5ab3d',
      login: 'FABRIKAM\\chuck',
      name: 'Chuck Reinhart',
      email: 'chuck@fabrikam.example',
    });
    expect(mapConnectionViewer({ authenticatedUser: { id: 'x' } }, context).login).toBe('x');
  });
});
