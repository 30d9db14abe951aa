import { BranchSchema, TagSchema } from '@scm/core';
import { expectGolden } from '@scm/testkit/golden';
import { describe, expect, it } from 'vitest';
import { GIT_EXAMPLES, officialGolden, officialResponse } from './azure-official-examples.js';
import { WireRefSchema, wireListSchema } from './azure-schemas.js';
import { mapBranch, mapTag } from './map-refs.js';

const context = {
  includeRaw: false,
  organization: 'fabrikam',
  collectionUrl: 'https://dev.azure.com/fabrikam',
};
const refs = (file: string) =>
  wireListSchema(WireRefSchema).parse(officialResponse(`${GIT_EXAMPLES}refs/${file}`)).value;

describe('mapBranch', () => {
  it('maps the official refs?filter=heads/ example: short names, no guessed protection', () => {
    const branches = refs('GET__git_repositories__repositoryId__refs_heads.json').map((wire) =>
      mapBranch(wire, context),
    );
    for (const branch of branches) expect(BranchSchema.parse(branch)).toEqual(branch);
    expect(branches[0]).toMatchObject({ name: 'feature/calcApp', protected: null });
    expectGolden(branches, officialGolden('refs-heads'));
  });
});

describe('mapTag', () => {
  it('maps the official refs?filter=tags/ example', () => {
    const tags = refs('GET__git_repositories__repositoryId__refs_tags.json').map((wire) =>
      mapTag(wire, context),
    );
    for (const tag of tags) expect(TagSchema.parse(tag)).toEqual(tag);
    expect(tags[0]?.name).toBe('v0.1');
    expectGolden(tags, officialGolden('refs-tags'));
  });

  it('uses the peeled commit of an annotated tag, not the tag object', () => {
    const tag = mapTag(
      { name: 'refs/tags/v2', objectId: 'a'.repeat(40), peeledObjectId: 'b'.repeat(40) },
      context,
    );
    expect(tag.sha).toBe('b'.repeat(40));
  });
});
