import { ViewerSchema } from '@scm/core';
import { expectGolden } from '@scm/testkit/golden';
import { describe, expect, it } from 'vitest';
import { officialGolden, officialResponse } from './azure-official-examples.js';
import { WireProfileSchema } from './azure-schemas.js';
import { mapViewer } from './map-account.js';

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
