import { ScmEventSchema, getHeader, type WebhookRequest } from '@scm/core';
import { describe, expect, it } from 'vitest';
import type { ContractSuite } from './suite.js';

/**
 * Webhooks: every signed delivery of the simulator verifies and parses into its event (`parse`,
 * and the first of `parseAll`); a tampered body, a tampered signature and a missing signature
 * header are rejected.
 */
export function webhooksSection(suite: ContractSuite): void {
  const { f } = suite;

  describe('webhooks', () => {
    const withoutHeader = (request: WebhookRequest, name: string): WebhookRequest => ({
      ...request,
      headers: Object.fromEntries(
        Object.entries(request.headers).filter(([key]) => key.toLowerCase() !== name.toLowerCase()),
      ),
    });

    it('verifies and parses every signed delivery into its event type', async () => {
      const deliveries = f().sim.webhooks.deliveries();
      expect(deliveries.length).toBeGreaterThan(0);
      for (const delivery of deliveries) {
        expect(await f().provider.webhooks.verify(delivery.request), delivery.name).toEqual({
          ok: true,
        });
        const event = ScmEventSchema.parse(f().provider.webhooks.parse(delivery.request));
        expect(event, delivery.name).toMatchObject(delivery.expected);
        // `parseAll` gives every event of the delivery, never none, `parse`'s first.
        const all = f()
          .provider.webhooks.parseAll(delivery.request)
          .map((one) => ScmEventSchema.parse(one));
        expect(all.length, delivery.name).toBeGreaterThan(0);
        expect(all[0], delivery.name).toMatchObject(delivery.expected);
        for (const one of all) expect(one.deliveryId, delivery.name).toBe(event.deliveryId);
      }
    });

    it('rejects a tampered body (when the body is signed) and a tampered signature', async () => {
      const [delivery] = f().sim.webhooks.deliveries();
      if (delivery === undefined) throw new Error('the simulator offers no webhook delivery');
      const body =
        typeof delivery.request.rawBody === 'string'
          ? delivery.request.rawBody
          : new TextDecoder().decode(delivery.request.rawBody);
      const tampered = {
        ...delivery.request,
        rawBody: body.replace(/.$/s, (last) => (last === '}' ? ' }' : `${last} `)),
      };
      // Without a body signature only the secret is checked: the tampered body still verifies.
      expect(await f().provider.webhooks.verify(tampered)).toEqual(
        f().sim.webhooks.signsBody === false
          ? { ok: true }
          : { ok: false, reason: 'invalid_signature' },
      );
      const header = f().sim.webhooks.signatureHeader;
      const signature = getHeader(delivery.request.headers, header) ?? '';
      const flipped = `${signature.slice(0, -1)}${signature.endsWith('0') ? '1' : '0'}`;
      const forged = {
        ...withoutHeader(delivery.request, header),
        headers: { ...withoutHeader(delivery.request, header).headers, [header]: flipped },
      };
      expect(await f().provider.webhooks.verify(forged)).toEqual({
        ok: false,
        reason: 'invalid_signature',
      });
    });

    it('rejects a delivery without the signature header', async () => {
      const [delivery] = f().sim.webhooks.deliveries();
      if (delivery === undefined) throw new Error('the simulator offers no webhook delivery');
      const unsigned = withoutHeader(delivery.request, f().sim.webhooks.signatureHeader);
      expect(await f().provider.webhooks.verify(unsigned)).toEqual({
        ok: false,
        reason: 'missing_signature',
      });
    });
  });
}
