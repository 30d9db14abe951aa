import { ViewerSchema } from '@scm/core';
import { expectGolden, goldenPath } from '@scm/testkit/golden';
import { describe, expect, it } from 'vitest';
import { WireAccountSchema } from './bitbucket-schemas.js';
import { corpusJson } from './conformance/corpora.js';
import { mapViewer } from './map-account.js';

const context = { includeRaw: false };
// An account as bitbucket.org renders it (the author of a recorded pull request): `/user` answers
// the same object, with a few more fields the mapper does not read.
const recorded = (
  corpusJson('api/2.0-repositories-amuniz-test-repos-pullrequests-1.json') as { author: unknown }
).author as Record<string, unknown>;

describe('mapViewer', () => {
  it('maps a recorded account to its golden form', () => {
    const viewer = mapViewer(WireAccountSchema.parse(recorded), context);
    expect(ViewerSchema.parse(viewer)).toEqual(viewer);
    expectGolden(viewer, goldenPath(import.meta.url, 'viewer'));
  });

  it('takes the login from nickname, else username, else the display name', () => {
    const { nickname: _nickname, ...withoutNickname } = recorded;
    expect(mapViewer(WireAccountSchema.parse(withoutNickname), context).login).toBe('amuniz');
    expect(
      mapViewer(WireAccountSchema.parse({ uuid: '{u}', display_name: 'Ada' }), context),
    ).toMatchObject({ id: '{u}', login: 'Ada', avatarUrl: null, webUrl: null, email: null });
  });

  it('attaches the wire payload as raw only when asked', () => {
    const wire = WireAccountSchema.parse(recorded);
    expect(mapViewer(wire, { includeRaw: true }).raw).toBe(wire);
    expect('raw' in mapViewer(wire, context)).toBe(false);
  });
});
