import { ScmError, ScmEventSchema } from '@scm/core';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
// In a provider package: '@scm/testkit/golden'.
import { expectGolden, goldenPath, readFixture } from '../golden/index.js';
import { mapExampleEvent, mapExampleEvents } from './map-event.js';

const receivedAt = '2030-01-01T00:00:00Z';

/** `__fixtures__/events.json`: deliveries by name, each its event header, id and body. */
const Deliveries = z.record(
  z.string(),
  z.object({ event: z.string(), deliveryId: z.string(), payload: z.unknown() }),
);

describe('mapExampleEvent', () => {
  it('maps every delivery of events.json to its golden event', () => {
    const mapped: Record<string, unknown> = {};
    for (const [name, delivery] of Object.entries(
      Deliveries.parse(readFixture(import.meta.url, 'events')),
    )) {
      const event = mapExampleEvent(delivery.event, delivery.payload, {
        deliveryId: delivery.deliveryId,
        receivedAt,
      });
      expect(ScmEventSchema.parse(event), name).toEqual(event);
      expect(event.raw).toBe(delivery.payload);
      mapped[name] = { ...event, raw: undefined };
    }
    expect(Object.keys(mapped)).toEqual(['push', 'change-request-merged', 'ping', 'unknown-event']);
    expectGolden(mapped, goldenPath(import.meta.url, 'events'));
  });

  it('follows a push that created or deleted its ref with the ref event', () => {
    const push = (before: string | null, after: string | null) =>
      mapExampleEvents(
        'push',
        { ref: 'refs/tags/v1', before, after, commits: [] },
        { deliveryId: null, receivedAt },
      );
    const sha = 'a'.repeat(40);
    expect(push(sha, 'b'.repeat(40))).toMatchObject([{ type: 'push', created: false }]);
    expect(push(null, sha)).toMatchObject([
      { type: 'push', created: true, deleted: false, before: null },
      { type: 'ref', refType: 'tag', name: 'v1', change: 'created', action: 'created', sha },
    ]);
    expect(push(sha, null)).toMatchObject([
      { type: 'push', deleted: true },
      { type: 'ref', refType: 'tag', change: 'deleted', sha },
    ]);
    for (const event of push(null, sha)) expect(ScmEventSchema.parse(event)).toEqual(event);
  });

  it('dates an event without occurred_at by when it was received', () => {
    const event = mapExampleEvent('ping', {}, { deliveryId: null, receivedAt });
    expect(event).toMatchObject({ type: 'ping', occurredAt: receivedAt, repository: null });
  });

  it('refuses a body that is not the event it claims to be', () => {
    for (const [event, payload] of [
      ['push', { occurred_at: receivedAt }],
      ['change_request', { action: 'opened' }],
      ['ping', []],
      ['ping', { repo: { id: 'nine' } }],
    ] as const) {
      const error = (() => {
        try {
          mapExampleEvent(event, payload, { deliveryId: null, receivedAt });
        } catch (caught) {
          return caught;
        }
        return undefined;
      })();
      expect(ScmError.isInstance(error) && error.code, event).toBe('INVALID_REQUEST');
    }
  });
});
