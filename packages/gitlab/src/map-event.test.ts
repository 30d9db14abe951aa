import { ScmError, ScmEventSchema } from '@scm/core';
import { expectGolden, goldenPath, readFixture } from '@scm/testkit/golden';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { mapGitLabEvent, mapGitLabEvents, type DeliveryContext } from './map-event.js';

const at: DeliveryContext = { deliveryId: null, receivedAt: '2026-01-01T12:00:00Z' };

/**
 * `__fixtures__/events.json`: deliveries by name, each its `X-Gitlab-Event`, delivery id and body,
 * after the examples of GitLab's webhook events documentation
 * (https://docs.gitlab.com/user/project/integrations/webhook_events/), trimmed.
 */
const Deliveries = z.record(
  z.string(),
  z.object({ event: z.string(), deliveryId: z.string(), payload: z.unknown() }),
);

describe('mapGitLabEvent', () => {
  it('maps every delivery of events.json to its golden events', () => {
    const mapped: Record<string, unknown> = {};
    for (const [name, delivery] of Object.entries(
      Deliveries.parse(readFixture(import.meta.url, 'events')),
    )) {
      const context = { deliveryId: delivery.deliveryId, receivedAt: at.receivedAt };
      const events = mapGitLabEvents(delivery.event, delivery.payload, context);
      expect(events.length, name).toBeGreaterThan(0);
      expect(mapGitLabEvent(delivery.event, delivery.payload, context)).toEqual(events[0]);
      for (const event of events) {
        expect(ScmEventSchema.parse(event), name).toEqual(event);
        expect(event.raw).toBe(delivery.payload);
      }
      mapped[name] = events.map((event) => ({ ...event, raw: undefined }));
    }
    expectGolden(mapped, goldenPath(import.meta.url, 'events'));
  });

  const project = {
    id: 9,
    path_with_namespace: 'acme/platform/api',
    web_url: 'https://gitlab.example.com/acme/platform/api',
  };

  // Not a speed target: `/^\/+|\/+$/g` (what read the homepage before) takes ~30 s of CPU on this
  // path, one pass ~1 ms; the timeout only says a hang is a failure.
  it(
    'names a Job Hook repository from a homepage whose path holds a long run of slashes, in one pass',
    { timeout: 10_000 },
    () => {
      const slashes = '/'.repeat(200_000);
      expect(
        mapGitLabEvent(
          'Job Hook',
          {
            object_kind: 'build',
            build_name: 'rspec',
            build_status: 'running',
            sha: 'c'.repeat(40),
            project_id: 9,
            repository: { homepage: `https://gitlab.example.com/acme${slashes}api/` },
          },
          at,
        ).repository,
      ).toMatchObject({ id: '9', fullName: `acme${slashes}api` });
    },
  );

  it('routes Tag Push, Pipeline, Job, Deployment and Release hooks', () => {
    const sha = 'c'.repeat(40);
    expect(
      mapGitLabEvents(
        'Tag Push Hook',
        {
          ref: 'refs/tags/v1.0.0',
          before: '0'.repeat(40),
          after: sha,
          checkout_sha: sha,
          project,
        },
        at,
      ),
    ).toMatchObject([
      { type: 'push', ref: 'refs/tags/v1.0.0', created: true, deleted: false, before: null },
      {
        type: 'ref',
        refType: 'tag',
        name: 'v1.0.0',
        ref: 'refs/tags/v1.0.0',
        change: 'created',
        action: 'created',
        sha,
        repository: { fullName: 'acme/platform/api', id: '9' },
      },
    ]);
    expect(
      mapGitLabEvents(
        'Tag Push Hook',
        {
          ref: 'refs/tags/v1.0.0',
          before: sha,
          after: '0'.repeat(40),
          project,
        },
        at,
      ),
    ).toMatchObject([
      { type: 'push', deleted: true, after: null },
      { type: 'ref', refType: 'tag', change: 'deleted', sha },
    ]);
    expect(
      mapGitLabEvents(
        'Push Hook',
        {
          ref: 'refs/heads/topic',
          before: sha,
          after: '0'.repeat(40),
          project,
          total_commits_count: 0,
        },
        at,
      ),
    ).toMatchObject([
      { type: 'push', deleted: true },
      { type: 'ref', refType: 'branch', name: 'topic', change: 'deleted', sha },
    ]);
    expect(
      mapGitLabEvent(
        'Pipeline Hook',
        {
          object_kind: 'pipeline',
          object_attributes: {
            id: 31,
            iid: 3,
            sha,
            status: 'failed',
            finished_at: '2026-01-01 10:00:00 UTC',
          },
          project,
        },
        at,
      ),
    ).toMatchObject({
      type: 'check',
      name: 'pipeline #3',
      status: 'completed',
      conclusion: 'failure',
      occurredAt: '2026-01-01T10:00:00Z',
    });
    expect(
      mapGitLabEvent(
        'Job Hook',
        {
          object_kind: 'build',
          build_name: 'rspec',
          build_status: 'running',
          sha,
        },
        at,
      ),
    ).toMatchObject({
      type: 'job',
      name: 'rspec',
      status: 'in_progress',
      providerStatus: 'running',
      action: null,
      repository: null,
    });
    expect(
      mapGitLabEvent(
        'Deployment Hook',
        {
          object_kind: 'deployment',
          status: 'success',
          environment: 'production',
          short_sha: 'cccccccc',
          commit_url: `https://gitlab.example.com/acme/platform/api/-/commit/${sha}`,
          project,
        },
        at,
      ),
    ).toMatchObject({ type: 'deployment', environment: 'production', state: 'success', sha });
    expect(
      mapGitLabEvent(
        'Release Hook',
        {
          object_kind: 'release',
          tag: 'v1.0.0',
          name: 'One',
          action: 'create',
          project,
        },
        at,
      ),
    ).toMatchObject({ type: 'release', tagName: 'v1.0.0', name: 'One', action: 'create' });
  });

  it('routes System Hooks by their event name, and keeps the rest as unknown with the payload', () => {
    const push = mapGitLabEvent(
      'System Hook',
      {
        event_name: 'push',
        object_kind: 'push',
        ref: 'refs/heads/main',
        before: '0'.repeat(40),
        after: 'd'.repeat(40),
        project,
        commits: [],
      },
      at,
    );
    expect(push).toMatchObject({ type: 'push', before: null, after: 'd'.repeat(40) });
    const created = mapGitLabEvent(
      'System Hook',
      { event_name: 'project_create', path_with_namespace: 'x/y', project_id: 3 },
      at,
    );
    expect(created).toMatchObject({
      type: 'repository',
      change: 'created',
      action: 'create',
      repository: { id: '3', fullName: 'x/y' },
      raw: { event_name: 'project_create' },
    });
    expect(
      mapGitLabEvent(
        'System Hook',
        {
          event_name: 'project_rename',
          path_with_namespace: 'x/z',
          old_path_with_namespace: 'x/y',
          project_visibility: 'internal',
        },
        at,
      ),
    ).toMatchObject({
      type: 'repository',
      change: 'renamed',
      previousFullName: 'x/y',
      visibility: 'internal',
    });
    expect(mapGitLabEvent('System Hook', { event_name: 'user_create' }, at)).toMatchObject({
      type: 'unknown',
      providerEvent: 'System Hook: user_create',
    });
    expect(
      mapGitLabEvent('Wiki Page Hook', { object_kind: 'wiki_page', project }, at),
    ).toMatchObject({ type: 'unknown', providerEvent: 'Wiki Page Hook' });
  });

  it('refuses a body that is not the event it says it is', () => {
    for (const [event, payload] of [
      ['Push Hook', { project }],
      ['Tag Push Hook', { ref: 7 }],
      ['Merge Request Hook', {}],
      ['Note Hook', { object_attributes: 'x' }],
      ['Pipeline Hook', { object_attributes: { id: 'one', status: 'success' } }],
      ['Job Hook', { build_name: 'rspec' }],
      ['Deployment Hook', { environment: 'production' }],
      ['Release Hook', { name: 'One' }],
      ['Push Hook', []],
    ] as const) {
      const error = (() => {
        try {
          mapGitLabEvent(event, payload, at);
        } catch (caught) {
          return caught;
        }
        return undefined;
      })();
      expect(ScmError.isInstance(error) && error.code, event).toBe('INVALID_REQUEST');
    }
  });
});

describe('hostile input', () => {
  it('parses 100k-character URLs and refs quickly', () => {
    const long = `https://x.test${'/merge_requests/1'.repeat(6_000)}#${'a'.repeat(100_000)}`;
    const noNumber = `https://x.test${'/merge_requests/1'.repeat(6_000)}/x`;
    const started = performance.now();
    expect(
      mapGitLabEvent(
        'Merge Request Hook',
        { object_attributes: { url: long, action: 'open' } },
        at,
      ),
    ).toMatchObject({ type: 'pull_request', number: 1 });
    expect(() =>
      mapGitLabEvent(
        'Merge Request Hook',
        { object_attributes: { url: noNumber, action: 'open' } },
        at,
      ),
    ).toThrow(/without a number/);
    mapGitLabEvent(
      'Deployment Hook',
      {
        status: 'success',
        commit_url: `/commit/${'a'.repeat(100_000)}`,
      },
      at,
    );
    mapGitLabEvent(
      'Pipeline Hook',
      {
        object_attributes: { id: 1, status: 'success', finished_at: `${'9'.repeat(100_000)} UTC` },
      },
      at,
    );
    // A budget against super-linear blow-ups (seconds or worse), generous for noisy CI machines.
    expect(performance.now() - started).toBeLessThan(2000);
  });
});
