import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  RepositorySchema,
  ScmEventSchema,
  TimestampSchema,
  arrayOf,
  toTimestamp,
  withRaw,
} from './index.js';

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
    // Stored before `installationId` existed: still valid, read as null.
    expect(event.installationId).toBeNull();
  });

  it('model a branch or tag created or deleted as one ref kind, and check the new event types', () => {
    const base = {
      provider: 'gitlab',
      deliveryId: null,
      occurredAt: '2026-11-22T10:00:00Z',
      repository: { id: '9', fullName: 'acme/api', webUrl: null },
      sender: null,
      installationId: null,
      raw: {},
    };
    const ref = {
      ...base,
      type: 'ref',
      action: 'created',
      refType: 'tag',
      name: 'v1',
      ref: 'refs/tags/v1',
      change: 'created',
      sha: null,
    };
    expect(ScmEventSchema.parse(ref)).toEqual(ref);
    expect(ScmEventSchema.safeParse({ ...ref, type: 'tag' }).success).toBe(false);
    expect(ScmEventSchema.safeParse({ ...ref, refType: 'note' }).success).toBe(false);
    const review = {
      ...base,
      type: 'review',
      action: 'submitted',
      pullRequest: { number: 1, title: null, webUrl: null },
      reviewId: '5',
      state: 'changes_requested',
      body: null,
      commitSha: null,
      webUrl: null,
    };
    expect(ScmEventSchema.parse(review)).toEqual(review);
    expect(ScmEventSchema.safeParse({ ...review, state: 'CHANGES_REQUESTED' }).success).toBe(false);
    const job = {
      ...base,
      type: 'job',
      action: null,
      jobId: '1',
      name: 'rspec',
      runId: null,
      group: 'test',
      sha: null,
      ref: 'main',
      status: 'completed',
      conclusion: 'failure',
      providerStatus: 'failed',
      startedAt: null,
      completedAt: '2026-11-22T10:00:00Z',
      webUrl: null,
    };
    expect(ScmEventSchema.parse(job)).toEqual(job);
    const push = {
      ...base,
      type: 'push',
      action: null,
      ref: 'refs/heads/main',
      before: null,
      after: 'a'.repeat(40),
      created: true,
      deleted: false,
      forced: null,
      commits: [],
      truncated: false,
      totalCommits: -1,
    };
    expect(ScmEventSchema.safeParse(push).success).toBe(false);
    expect(ScmEventSchema.parse({ ...push, totalCommits: null })).toMatchObject({ created: true });
  });
});

describe('toTimestamp', () => {
  it('normalizes every provider’s form to UTC whole seconds with Z', () => {
    expect(toTimestamp('2011-04-14T16:00:49Z')).toBe('2011-04-14T16:00:49Z');
    expect(toTimestamp('2012-09-20T11:50:22.123+03:00')).toBe('2012-09-20T08:50:22Z');
    expect(toTimestamp('2023-01-05T10:00:00.999999+00:00')).toBe('2023-01-05T10:00:00Z');
    expect(toTimestamp('2015-05-17 18:21:36 UTC')).toBe('2015-05-17T18:21:36Z');
    expect(TimestampSchema.parse(toTimestamp('2015-05-17T18:21:36-07:00'))).toBe(
      '2015-05-18T01:21:36Z',
    );
  });

  it('is null when absent or unparsable', () => {
    expect(toTimestamp(null)).toBeNull();
    expect(toTimestamp(undefined)).toBeNull();
    expect(toTimestamp('yesterday')).toBeNull();
  });

  it('answers an already normalized timestamp exactly as the Date round trip does', () => {
    const slow = (value: string) => {
      const ms = Date.parse(value);
      return Number.isNaN(ms)
        ? null
        : new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
    };
    const samples = [
      '2011-04-14T16:00:49Z',
      '0000-01-01T00:00:00Z',
      '9999-12-28T23:59:59Z',
      '2024-02-29T12:00:00Z',
      '2023-02-29T12:00:00Z',
      '2023-04-31T00:00:00Z',
      '2023-01-31T00:00:00Z',
      '2023-02-28T24:00:00Z',
      '2023-13-01T00:00:00Z',
      '2023-00-10T00:00:00Z',
      '2023-01-00T00:00:00Z',
      '2023-01-10T10:60:00Z',
      '2023-01-10T10:00:60Z',
      '2023-01-10t10:00:00z',
      ' 2023-01-10T10:00:00Z',
    ];
    for (const sample of samples) expect(toTimestamp(sample), sample).toBe(slow(sample));
  });
});

describe('arrayOf and withRaw', () => {
  it('builds one array schema per item schema and parses with it', () => {
    const item = z.object({ id: z.number() });
    expect(arrayOf(item)).toBe(arrayOf(item));
    expect(arrayOf(item)).not.toBe(arrayOf(z.object({ id: z.number() })));
    expect(arrayOf(item).parse([{ id: 1, extra: true }])).toEqual([{ id: 1 }]);
    expect(arrayOf(item).safeParse([{ id: '1' }]).success).toBe(false);
  });

  it('attaches the payload as raw only when asked, after the mapped fields', () => {
    const wire = { id: 7 };
    expect(withRaw(wire, { includeRaw: false }, { provider: 'github', id: '7' })).toStrictEqual({
      provider: 'github',
      id: '7',
    });
    const item = withRaw(wire, { includeRaw: true }, { provider: 'github', id: '7' });
    expect(item.raw).toBe(wire);
    expect(Object.keys(item)).toEqual(['provider', 'id', 'raw']);
  });
});
