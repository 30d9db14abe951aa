import { SshKeySchema } from '@scm/core';
import { expectGolden, goldenPath, readFixture } from '@scm/testkit/golden';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { WireKeySchema } from './github-schemas.js';
import { mapSshKey } from './map-keys.js';

// Inputs: GitHub's own response examples (@octokit/openapi), kept as __fixtures__/<name>.json
// (fixture-sources.test.ts checks them against the package); outputs: <name>.golden.json.
const context = { includeRaw: false };

describe('mapSshKey against GitHub’s own examples', () => {
  it('maps key-items to __fixtures__/ssh-keys.golden.json', () => {
    const mapped = z
      .array(WireKeySchema)
      .parse(readFixture(import.meta.url, 'ssh-keys'))
      .map((wire) => mapSshKey(wire, context));
    expect(z.array(SshKeySchema).parse(mapped)).toEqual(mapped);
    expectGolden(mapped, goldenPath(import.meta.url, 'ssh-keys'));
  });
});
