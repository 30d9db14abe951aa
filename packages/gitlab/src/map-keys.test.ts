import { SshKeySchema } from '@scm/core';
import { expectGolden, goldenPath, readFixture } from '@scm/testkit/golden';
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { WireSshKeySchema } from './gitlab-schemas.js';
import { mapSshKey } from './map-keys.js';

// __fixtures__/ssh-keys.json is the "List your SSH keys" example of GitLab's API docs
// (https://docs.gitlab.com/api/user_keys/), a second key with a fingerprint added.
const context = { includeRaw: false, webBase: 'https://gitlab.example.com' };

describe('mapSshKey', () => {
  it('maps the viewer’s keys to their golden form, a fingerprint only when GitLab sends one', () => {
    const keys = z
      .array(WireSshKeySchema)
      .parse(readFixture(import.meta.url, 'ssh-keys'))
      .map((wire) => mapSshKey(wire, context));
    for (const key of keys) expect(SshKeySchema.parse(key)).toEqual(key);
    expect(keys.map((key) => key.fingerprint)).toEqual([
      null,
      'ea:6a:0f:38:c3:9e:0c:33:49:85:f4:4e:3a:31:c1:ad',
    ]);
    expectGolden(keys, goldenPath(import.meta.url, 'ssh-keys'));
  });
});
