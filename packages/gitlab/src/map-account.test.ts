import { ViewerSchema } from '@scm/core';
import { expectGolden, goldenPath, readFixture } from '@scm/testkit/golden';
import { describe, expect, it } from 'vitest';
import { WireUserSchema } from './gitlab-schemas.js';
import { mapViewer } from './map-account.js';

// __fixtures__/user.json is the "Get the current user" example of GitLab's API docs
// (https://docs.gitlab.com/api/users/), trimmed.
const context = { includeRaw: false, webBase: 'http://localhost:3000' };

describe('mapViewer', () => {
  it('maps the current user to its golden normalized form', () => {
    const viewer = mapViewer(WireUserSchema.parse(readFixture(import.meta.url, 'user')), context);
    expect(ViewerSchema.parse(viewer)).toEqual(viewer);
    expectGolden(viewer, goldenPath(import.meta.url, 'user'));
  });

  it('falls back to the public email, and reads empty strings as absent', () => {
    const payload = readFixture(import.meta.url, 'user') as Record<string, unknown>;
    const viewer = mapViewer(
      WireUserSchema.parse({ ...payload, email: undefined, name: '', avatar_url: null }),
      context,
    );
    expect([viewer.email, viewer.name, viewer.avatarUrl]).toEqual(['john@example.com', null, null]);
  });
});
