import { randomBytes } from 'node:crypto';
import type { ScmEvent } from '@scm/core';
import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import {
  createOutboundBodies,
  deliveryBody,
  deliveryPayload,
  renderEvents,
  signStandardWebhook,
  standardWebhookKey,
} from './outbound-body.js';

const event = (type: string, extra: Record<string, unknown> = {}) =>
  ({
    type,
    provider: 'github',
    occurredAt: '2026-12-04T10:00:00Z',
    raw: { text: 'é “quoted” \u2028 \\ \n', n: 1.5, list: [1, null, { a: true }], ...extra },
  }) as unknown as ScmEvent;

describe('outbound bodies', () => {
  it('renders the stored column as JSON.stringify(events) would, one event or several', () => {
    for (const events of [
      [event('push')],
      [event('push'), event('branch', { 2: 'x', 1: 'y' })],
      [],
    ]) {
      const rendered = renderEvents(events);
      if (rendered === undefined) throw new Error('not rendered');
      expect(rendered.column).toBe(JSON.stringify(events));
      expect(rendered.events.map((one) => JSON.parse(one.json) as unknown)).toEqual(
        JSON.parse(rendered.column),
      );
    }
  });

  it('stops, rendering nothing, once the events come to more than the limit', () => {
    const events = [event('push'), event('branch'), event('push')];
    const column = JSON.stringify(events);
    expect(renderEvents(events, column.length)?.column).toBe(column);
    expect(renderEvents(events, column.length - 1)).toBeUndefined();
    expect(
      renderEvents([event('push')], JSON.stringify([event('push')]).length - 1),
    ).toBeUndefined();
    // Each event is serialised until the limit is passed, not after it.
    const many = Array.from({ length: 10_000 }, () => event('push'));
    const stringify = JSON.stringify.bind(JSON);
    let calls = 0;
    JSON.stringify = ((...args: Parameters<typeof JSON.stringify>) => {
      calls += 1;
      return stringify(...args);
    }) as typeof JSON.stringify;
    try {
      expect(renderEvents(many, stringify(event('push')).length * 3)).toBeUndefined();
    } finally {
      JSON.stringify = stringify;
    }
    expect(calls).toBe(3);
  });

  it('builds the body a delivery of the stored event would send, byte for byte', () => {
    const events = [event('pull_request'), event('push')];
    const receivedAt = new Date('2026-12-04T10:00:01.234Z');
    const { column, events: rendered } = renderEvents(events) ?? { column: '', events: [] };
    // What attemptDelivery builds from the stored row when this process did not keep the body.
    const stored = JSON.parse(column) as ScmEvent[];
    rendered.forEach((one, index) => {
      expect(deliveryBody(one.type, one.json, receivedAt)).toBe(
        JSON.stringify(deliveryPayload(stored[index] as ScmEvent, receivedAt)),
      );
    });
  });

  it('signs as the standardwebhooks package does, and its verify accepts it', () => {
    const secret = `whsec_${randomBytes(32).toString('base64')}`;
    const body = JSON.stringify(deliveryPayload(event('push'), new Date()));
    const timestamp = new Date();
    const signature = signStandardWebhook(standardWebhookKey(secret), 'whd_1', timestamp, body);
    const webhook = new Webhook(secret);
    expect(signature).toBe(webhook.sign('whd_1', timestamp, body));
    expect(
      signStandardWebhook(standardWebhookKey(secret), 'whd_1', timestamp, Buffer.from(body)),
    ).toBe(signature);
    expect(
      webhook.verify(body, {
        'webhook-id': 'whd_1',
        'webhook-timestamp': String(Math.floor(timestamp.getTime() / 1000)),
        'webhook-signature': signature,
      }),
    ).toEqual(JSON.parse(body));
    expect(() =>
      webhook.verify(`${body} `, {
        'webhook-id': 'whd_1',
        'webhook-timestamp': String(Math.floor(timestamp.getTime() / 1000)),
        'webhook-signature': signature,
      }),
    ).toThrow();
  });

  it('keeps a body for as many deliveries as it was put for, and the newest within the bound', () => {
    const bodies = createOutboundBodies(100);
    const at = new Date('2026-12-04T10:00:00Z');
    bodies.put('whe_1', at, [{ type: 'push', json: '{"a":1}' }], 2);
    expect(bodies.take('whe_1', 1)).toBeUndefined();
    expect(bodies.take('whe_1', 0)).toBe(
      '{"type":"scm.push","timestamp":"2026-12-04T10:00:00.000Z","data":{"a":1}}',
    );
    expect(bodies.take('whe_1', 0)).toBeDefined();
    expect(bodies.take('whe_1', 0)).toBeUndefined();
    // Over the bound, the oldest go first; one larger than the bound is not kept.
    bodies.put('whe_2', at, [{ type: 'push', json: 'x'.repeat(60) }], 1);
    bodies.put('whe_3', at, [{ type: 'push', json: 'y'.repeat(60) }], 1);
    expect(bodies.take('whe_2', 0)).toBeUndefined();
    expect(bodies.take('whe_3', 0)).toContain('yyy');
    bodies.put('whe_4', at, [{ type: 'push', json: 'z'.repeat(101) }], 1);
    expect(bodies.take('whe_4', 0)).toBeUndefined();
  });

  it('drops a body nobody took within a minute', () => {
    let clock = 0;
    const bodies = createOutboundBodies(1_000, () => clock);
    const at = new Date();
    bodies.put('whe_1', at, [{ type: 'push', json: '{}' }], 1);
    clock = 30_000;
    bodies.put('whe_2', at, [{ type: 'push', json: '{}' }], 1);
    clock = 61_000;
    bodies.put('whe_3', at, [{ type: 'push', json: '{}' }], 1);
    expect(bodies.take('whe_1', 0)).toBeUndefined();
    expect(bodies.take('whe_2', 0)).toBeDefined();
    expect(bodies.take('whe_3', 0)).toBeDefined();
  });
});
