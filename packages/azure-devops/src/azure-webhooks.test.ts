import { ScmError } from '@scm/core';
import { describe, expect, it } from 'vitest';
import { createAzureWebhooks, readAzureDelivery } from './azure-webhooks.js';

const clock = { now: () => 0, sleep: () => Promise.resolve() };
const body = JSON.stringify({ id: 'e', eventType: 'git.push', resource: {} });
const basic = (user: string, password: string) =>
  `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

describe('createAzureWebhooks().verify', () => {
  const webhooks = createAzureWebhooks({ secrets: ['old-secret', 'new-secret'], clock });

  it('accepts the secret as the HTTP Basic password or in the secret header, old or new', async () => {
    expect(
      await webhooks.verify({
        headers: { authorization: basic('hook', 'new-secret') },
        rawBody: body,
      }),
    ).toEqual({ ok: true });
    expect(
      await webhooks.verify({ headers: { 'X-Scm-Webhook-Secret': 'old-secret' }, rawBody: body }),
    ).toEqual({ ok: true });
    expect(
      await webhooks.verify({
        headers: { authorization: basic('', 'old-secret'), 'x-scm-webhook-secret': 'new-secret' },
        rawBody: body,
      }),
    ).toEqual({ ok: true });
  });

  it('refuses a wrong secret, even when the other credential is right', async () => {
    expect(
      await webhooks.verify({ headers: { 'x-scm-webhook-secret': 'nope' }, rawBody: body }),
    ).toEqual({
      ok: false,
      reason: 'invalid_signature',
    });
    expect(
      await webhooks.verify({
        headers: { authorization: basic('u', 'nope'), 'x-scm-webhook-secret': 'new-secret' },
        rawBody: body,
      }),
    ).toEqual({ ok: false, reason: 'invalid_signature' });
  });

  it('refuses an unsigned delivery and says when no secret is configured', async () => {
    expect(
      await webhooks.verify({ headers: { authorization: 'Bearer x' }, rawBody: body }),
    ).toEqual({
      ok: false,
      reason: 'missing_signature',
    });
    expect(
      await createAzureWebhooks({ secrets: [], clock }).verify({
        headers: { 'x-scm-webhook-secret': 'x' },
        rawBody: body,
      }),
    ).toEqual({ ok: false, reason: 'no_secret_configured' });
  });

  it('reads the secret from a custom header name', async () => {
    const custom = createAzureWebhooks({ secrets: ['s'], secretHeader: 'x-hook-token', clock });
    expect(await custom.verify({ headers: { 'x-hook-token': 's' }, rawBody: body })).toEqual({
      ok: true,
    });
  });
});

describe('createAzureWebhooks().parse', () => {
  const webhooks = createAzureWebhooks({ secrets: ['s'], clock });

  it('refuses a body that is not JSON or not a service hook delivery', () => {
    for (const rawBody of ['not json', '{"hello":1}']) {
      let error: unknown;
      try {
        webhooks.parse({ headers: {}, rawBody });
      } catch (caught) {
        error = caught;
      }
      expect(ScmError.isInstance(error) && error.code).toBe('INVALID_REQUEST');
    }
  });

  it('names repositories project/repository when no organization is configured', () => {
    const event = webhooks.parse({
      headers: {},
      rawBody: JSON.stringify({
        id: 'e',
        eventType: 'git.push',
        resource: {
          repository: {
            id: '278d5cd2-584d-4b63-824a-2ba458937249',
            name: 'api',
            project: { name: 'P' },
          },
          refUpdates: [
            { name: 'refs/heads/main', oldObjectId: 'a'.repeat(40), newObjectId: 'b'.repeat(40) },
          ],
        },
      }),
    });
    expect(event.repository?.fullName).toBe('P/api');
    const withUrl = (remoteUrl: string) =>
      webhooks.parse({
        headers: {},
        rawBody: JSON.stringify({
          id: 'e',
          eventType: 'git.push',
          resource: {
            repository: {
              id: '278d5cd2-584d-4b63-824a-2ba458937249',
              name: 'api',
              project: { name: 'Web' },
              remoteUrl,
            },
            refUpdates: [
              { name: 'refs/heads/main', oldObjectId: 'a'.repeat(40), newObjectId: 'b'.repeat(40) },
            ],
          },
        }),
      }).repository?.fullName;
    // Without a configured organization, the one the repository's URL names.
    expect(withUrl('https://fabrikam@dev.azure.com/fabrikam/Web/_git/api')).toBe(
      'fabrikam/Web/api',
    );
    expect(withUrl('https://tfs.example.com/tfs/DefaultCollection/Web/_git/api')).toBe(
      'DefaultCollection/Web/api',
    );
    expect(withUrl('https://fabrikam.visualstudio.com/Web/_git/api')).toBe('fabrikam/Web/api');
    expect(event.occurredAt).toBe('1970-01-01T00:00:00Z');
  });
});

describe('readAzureDelivery', () => {
  it('names a delivery by its subscription and notification, else by its event id', () => {
    expect(
      readAzureDelivery(
        JSON.stringify({
          id: 'e1',
          eventType: 'git.push',
          subscriptionId: 's-guid',
          notificationId: 42,
        }),
      ),
    ).toEqual({ deliveryId: 's-guid.42', eventType: 'git.push' });
    expect(readAzureDelivery(new TextEncoder().encode(body))).toEqual({
      deliveryId: 'e',
      eventType: 'git.push',
    });
    expect(readAzureDelivery('nope')).toBeUndefined();
    expect(readAzureDelivery('{"id":1}')).toBeUndefined();
  });
});
