import { describe, expect, it } from 'vitest';
import { RepositorySchema, ScmEventSchema } from './index.js';

describe('normalized schemas', () => {
  it('accept a normalized repository and reject a malformed one', () => {
    const repository = {
      provider: 'github',
      id: '1296269',
      name: 'Hello-World',
      fullName: 'octocat/Hello-World',
      owner: 'octocat',
      description: null,
      visibility: 'public',
      defaultBranch: 'main',
      archived: false,
      fork: false,
      webUrl: 'https://github.com/octocat/Hello-World',
      cloneUrl: null,
      sshUrl: null,
      createdAt: '2011-01-26T19:01:12Z',
      updatedAt: null,
      pushedAt: null,
    };
    expect(RepositorySchema.parse(repository)).toEqual(repository);
    expect(RepositorySchema.safeParse({ ...repository, visibility: 'secret' }).success).toBe(false);
    expect(RepositorySchema.safeParse({ ...repository, createdAt: 'yesterday' }).success).toBe(
      false,
    );
  });

  it('discriminate events by type and keep unknown events whole', () => {
    const event = ScmEventSchema.parse({
      type: 'unknown',
      provider: 'github',
      providerEvent: 'sponsorship',
      deliveryId: '72d3162e-cc78-11e3-81ab-4c9367dc0958',
      occurredAt: '2026-11-22T10:00:00Z',
      action: 'created',
      repository: null,
      sender: null,
      raw: { sponsorship: { tier: 1 } },
    });
    expect(event.type).toBe('unknown');
    expect(event.raw).toEqual({ sponsorship: { tier: 1 } });
    expect(ScmEventSchema.safeParse({ ...event, type: 'sponsorship' }).success).toBe(false);
  });
});
