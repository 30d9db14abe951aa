import { BranchSchema, TagSchema } from '@scm/core';
import { expectGolden, goldenPath } from '@scm/testkit/golden';
import { describe, expect, it } from 'vitest';
import { WireBranchSchema, WireTagSchema, wirePageSchema } from './bitbucket-schemas.js';
import { corpusJson } from './conformance/corpora.js';
import { mapBranch, mapTag } from './map-refs.js';

const context = { includeRaw: false };
const BRANCHES = 'api/2.0-repositories-amuniz-test-repos-refs-branches_pagelen_100';
const TAGS = 'api/2.0-repositories-amuniz-test-repos-refs-tags_pagelen_100';

describe('mapBranch', () => {
  it('maps the recorded branch list to its golden form, protection and default unknown', () => {
    const page = wirePageSchema(WireBranchSchema).parse(corpusJson(`${BRANCHES}.json`));
    const branches = page.values.map((branch) => mapBranch(branch, context));
    for (const branch of branches) expect(BranchSchema.parse(branch)).toEqual(branch);
    expect(branches.every((branch) => branch.protected === null && branch.isDefault === null)).toBe(
      true,
    );
    expectGolden(branches, goldenPath(import.meta.url, BRANCHES));
  });
});

describe('mapTag', () => {
  it('maps the recorded tag list to its golden form', () => {
    const page = wirePageSchema(WireTagSchema).parse(corpusJson(`${TAGS}.json`));
    const tags = page.values.map((tag) => mapTag(tag, context));
    for (const tag of tags) expect(TagSchema.parse(tag)).toEqual(tag);
    expectGolden(tags, goldenPath(import.meta.url, TAGS));
  });

  it('dates a lightweight tag by its commit', () => {
    const tag = mapTag(
      WireTagSchema.parse({
        name: 'v1',
        message: null,
        date: null,
        target: { hash: 'a'.repeat(40), date: '2024-01-02T03:04:05+00:00' },
      }),
      context,
    );
    expect(tag).toMatchObject({ message: null, createdAt: '2024-01-02T03:04:05Z' });
  });
});
