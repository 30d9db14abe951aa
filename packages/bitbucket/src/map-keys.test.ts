import { SshKeySchema } from '@scm/core';
import { expectGolden, goldenPath } from '@scm/testkit/golden';
import { describe, expect, it } from 'vitest';
import { WireSshKeySchema, wirePageSchema } from './bitbucket-schemas.js';
import { specExample, specExampleName } from './conformance/corpora.js';
import { mapSshKey } from './map-keys.js';

const context = { includeRaw: false };
const PATH = '/users/{selected_user}/ssh-keys';

describe('mapSshKey', () => {
  it('maps Atlassian’s documented GET /users/{selected_user}/ssh-keys to its golden form', () => {
    const page = wirePageSchema(WireSshKeySchema).parse(specExample(PATH));
    const keys = page.values.map((key) => mapSshKey(key, context));
    expect(keys.length).toBeGreaterThan(0);
    for (const key of keys) expect(SshKeySchema.parse(key)).toEqual(key);
    expectGolden(keys, goldenPath(import.meta.url, specExampleName(PATH)));
  });

  it('joins the comment Bitbucket splits off back onto the key, and titles it by label or comment', () => {
    const wire = WireSshKeySchema.parse({
      uuid: '{k}',
      key: 'ssh-ed25519 AAAAC3Nza',
      comment: 'ada@laptop',
      label: '',
    });
    expect(mapSshKey(wire, context)).toMatchObject({
      key: 'ssh-ed25519 AAAAC3Nza ada@laptop',
      title: 'ada@laptop',
      fingerprint: null,
      createdAt: null,
    });
    expect(mapSshKey({ ...wire, comment: null, label: 'CI' }, context)).toMatchObject({
      key: 'ssh-ed25519 AAAAC3Nza',
      title: 'CI',
    });
  });
});
