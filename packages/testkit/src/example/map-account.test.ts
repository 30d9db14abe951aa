import { ViewerSchema } from '@scm/core';
import { describe, expect, it } from 'vitest';
// In a provider package: '@scm/testkit/golden'.
import { expectGolden, goldenPath, readFixture } from '../golden/index.js';
import { WireMeSchema } from './example-schemas.js';
import { mapViewer } from './map-account.js';

const context = { includeRaw: false };

describe('mapViewer', () => {
  it('maps GET /me to its golden form', () => {
    const { user } = WireMeSchema.parse(readFixture(import.meta.url, 'me'));
    const viewer = mapViewer(user, context);
    expect(ViewerSchema.parse(viewer)).toEqual(viewer);
    expectGolden(viewer, goldenPath(import.meta.url, 'me'));
  });
});
