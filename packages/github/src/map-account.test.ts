import { ViewerSchema } from '@scm/core';
import { expectGolden, goldenPath } from '@scm/testkit/golden';
import { describe, expect, it } from 'vitest';
import { openApiExample } from './conformance/octokit-data.js';
import { WireUserSchema } from './github-schemas.js';
import { mapViewer } from './map-account.js';

// Inputs: GitHub's own response examples (@octokit/openapi); outputs: __fixtures__/*.golden.json.
const context = { includeRaw: false };

describe('mapViewer against GitHub’s own examples', () => {
  it('maps private-user to __fixtures__/viewer.golden.json', () => {
    const mapped = mapViewer(WireUserSchema.parse(openApiExample('private-user')), context);
    expect(ViewerSchema.parse(mapped)).toEqual(mapped);
    expectGolden(mapped, goldenPath(import.meta.url, 'viewer'));
  });
});
