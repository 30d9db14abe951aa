import { ScmError, ScmEventSchema } from '@scm/core';
import { expectGolden, goldenPath, readFixture } from '@scm/testkit/golden';
import { describe, expect, it } from 'vitest';
import { corpusFiles, corpusJson, webhookEventKey } from './conformance/corpora.js';
import { mapBitbucketEvent, mapBitbucketEvents } from './map-event.js';

const receivedAt = '2026-01-02T03:04:05Z';

function errorOf(map: () => unknown): unknown {
  try {
    map();
  } catch (caught) {
    return caught;
  }
  return undefined;
}

describe('mapBitbucketEvent', () => {
  it.each(corpusFiles('webhooks'))('maps the recorded body %s to its golden events', (file) => {
    const eventKey = webhookEventKey(file);
    expect(eventKey, `no event key known for ${file}`).toBeDefined();
    const payload = corpusJson(`webhooks/${file}`);
    const context = { deliveryId: `corpus-${file}`, receivedAt };
    const events = mapBitbucketEvents(eventKey ?? '', payload, context);
    expect(mapBitbucketEvent(eventKey ?? '', payload, context)).toEqual(events[0]);
    for (const event of events) {
      expect(ScmEventSchema.parse(event)).toEqual(event);
      expect(event.raw).toBe(payload);
    }
    expectGolden(
      events.map(({ raw: _raw, ...normalized }) => normalized),
      goldenPath(import.meta.url, `webhooks/${file.replace(/\.json$/, '')}`),
    );
  });

  it("maps every delivery of events.json (after Atlassian's event payload examples) to its golden events", () => {
    const deliveries = readFixture(import.meta.url, 'events') as Record<
      string,
      { eventKey: string; payload: unknown }
    >;
    const mapped: Record<string, unknown> = {};
    for (const [name, { eventKey, payload }] of Object.entries(deliveries)) {
      const events = mapBitbucketEvents(eventKey, payload, { deliveryId: name, receivedAt });
      for (const event of events) expect(ScmEventSchema.parse(event), name).toEqual(event);
      mapped[name] = events.map(({ raw: _raw, ...normalized }) => normalized);
    }
    expectGolden(mapped, goldenPath(import.meta.url, 'events'));
  });

  it('maps a commit status event to a check, dated by its last update', () => {
    const event = mapBitbucketEvent(
      'repo:commit_status_updated',
      {
        actor: { type: 'user', uuid: '{u-1}', nickname: 'ada', display_name: 'Ada' },
        repository: { type: 'repository', uuid: '{r-1}', full_name: 'acme/api' },
        commit_status: {
          key: 'ci',
          name: 'CI',
          state: 'FAILED',
          commit: { hash: 'a'.repeat(40) },
          created_on: '2024-05-01T12:00:00+00:00',
          updated_on: '2024-05-01T12:03:00.123+00:00',
        },
      },
      { deliveryId: 'd-1', receivedAt },
    );
    expect(ScmEventSchema.parse(event)).toMatchObject({
      type: 'check',
      action: 'updated',
      deliveryId: 'd-1',
      name: 'CI',
      sha: 'a'.repeat(40),
      status: 'completed',
      conclusion: 'failure',
      occurredAt: '2024-05-01T12:03:00Z',
      repository: { id: '{r-1}', fullName: 'acme/api', webUrl: null },
      sender: { id: '{u-1}', login: 'ada', name: 'Ada' },
    });
  });

  it('reads a deleted branch as a push then a ref event, an empty push as a push to no ref', () => {
    const push = (changes: unknown[]) =>
      mapBitbucketEvents(
        'repo:push',
        { repository: { full_name: 'acme/api' }, push: { changes } },
        { deliveryId: null, receivedAt },
      );
    expect(
      push([
        {
          old: { type: 'branch', name: 'gone', target: { hash: 'b'.repeat(40) } },
          new: null,
          closed: true,
        },
      ]),
    ).toMatchObject([
      { type: 'push', ref: 'refs/heads/gone', deleted: true, after: null },
      {
        type: 'ref',
        refType: 'branch',
        change: 'deleted',
        action: 'deleted',
        name: 'gone',
        ref: 'refs/heads/gone',
        sha: 'b'.repeat(40),
        deliveryId: null,
        occurredAt: receivedAt,
      },
    ]);
    expect(push([])).toMatchObject([{ type: 'push', ref: '', before: null, after: null }]);
  });

  it('maps an event key it does not know to an unknown event', () => {
    expect(mapBitbucketEvent('wiki:created', {}, { deliveryId: null, receivedAt })).toMatchObject({
      type: 'unknown',
      providerEvent: 'wiki:created',
      occurredAt: receivedAt,
      repository: null,
      sender: null,
    });
  });

  it('refuses a body that is not the event its key says it is', () => {
    for (const [eventKey, payload] of [
      ['pullrequest:created', { repository: { full_name: 'acme/api' } }],
      ['repo:push', { push: { changes: 'none' } }],
      ['repo:commit_status_created', { commit_status: { key: 'ci', state: 'UNKNOWN' } }],
      ['repo:push', []],
      ['repo:push', { repository: { uuid: 7 } }],
    ] as const) {
      const error = errorOf(() =>
        mapBitbucketEvent(eventKey, payload, { deliveryId: null, receivedAt }),
      );
      expect(ScmError.isInstance(error) && error.code, eventKey).toBe('INVALID_REQUEST');
    }
  });
});
