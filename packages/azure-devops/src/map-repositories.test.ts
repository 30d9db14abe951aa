import { RepositorySchema } from '@scm/core';
import { expectGolden } from '@scm/testkit/golden';
import { describe, expect, it } from 'vitest';
import { GIT_EXAMPLES, officialGolden, officialResponse } from './azure-official-examples.js';
import { WireRepositorySchema, wireListSchema } from './azure-schemas.js';
import { mapRepository } from './map-repositories.js';

const context = {
  includeRaw: false,
  organization: 'fabrikam',
  collectionUrl: 'https://dev.azure.com/fabrikam',
};

describe('mapRepository', () => {
  it('maps the official repositories list: braced GUID ids, organization/project/name', () => {
    const repos = wireListSchema(WireRepositorySchema)
      .parse(officialResponse(`${GIT_EXAMPLES}repositories/GET__git_repositories.json`))
      .value.map((wire) => mapRepository(wire, context));
    for (const repo of repos) expect(RepositorySchema.parse(repo)).toEqual(repo);
    expectGolden(repos, officialGolden('repositories'));
  });

  it('maps the official single repository: the default branch loses refs/heads/', () => {
    const repo = mapRepository(
      WireRepositorySchema.parse(
        officialResponse(`${GIT_EXAMPLES}repositories/GET__git_repositories__repositoryId_.json`),
      ),
      context,
    );
    expect(repo).toMatchObject({
      id: '{5febef5a-833d-4e14-b9c0-14cb638f91e6}',
      fullName: 'fabrikam/Fabrikam-Fiber-Git/AnotherRepository',
      owner: 'fabrikam/Fabrikam-Fiber-Git',
      defaultBranch: 'master',
      webUrl: 'https://dev.azure.com/fabrikam/Fabrikam-Fiber-Git/_git/AnotherRepository',
    });
    expectGolden(repo, officialGolden('repository'));
  });

  it('reads a public project as a public repository and a disabled one as archived', () => {
    const wire = WireRepositorySchema.parse({
      id: 'A1B2C3D4-0000-4000-8000-000000000000',
      name: 'api',
      project: { id: 'p', name: 'Platform', visibility: 'public' },
      isDisabled: true,
    });
    expect(mapRepository(wire, context)).toMatchObject({
      id: '{a1b2c3d4-0000-4000-8000-000000000000}',
      visibility: 'public',
      archived: true,
      defaultBranch: null,
      webUrl: 'https://dev.azure.com/fabrikam/Platform/_git/api',
    });
  });
});
