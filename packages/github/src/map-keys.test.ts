import { SshKeySchema } from '@scm/core';
import { expectGolden, goldenPath } from '@scm/testkit/golden';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { openApiExample } from './conformance/octokit-data.js';
import { WireKeySchema } from './github-schemas.js';
import { mapSshKey } from './map-keys.js';

// Inputs: GitHub's own response examples (@octokit/openapi); outputs: __fixtures__/*.golden.json.
const context = { includeRaw: false };

describe('mapSshKey against GitHub’s own examples', () => {
  it('maps key-items to __fixtures__/ssh-keys.golden.json', () => {
    const mapped = z
      .array(WireKeySchema)
      .parse(openApiExample('key-items'))
      .map((wire) => mapSshKey(wire, context));
    expect(z.array(SshKeySchema).parse(mapped)).toEqual(mapped);
    expectGolden(mapped, goldenPath(import.meta.url, 'ssh-keys'));
  });
});
