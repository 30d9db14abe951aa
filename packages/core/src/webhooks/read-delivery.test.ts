import { describe, expect, it } from 'vitest';
import { ScmError } from '../errors/scm-error.js';
import { readWebhookDelivery, webhookBodyText } from './read-delivery.js';

const options = { provider: 'gitlab', eventHeader: 'X-Gitlab-Event' };

function codeOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    return ScmError.isInstance(error) ? `${error.code}: ${error.message}` : 'not an ScmError';
  }
  return undefined;
}

describe('readWebhookDelivery', () => {
  it('reads the event header case-insensitively and the JSON body from bytes or text', () => {
    const body = '{"object_kind":"push"}';
    expect(
      readWebhookDelivery(
        { headers: { 'x-gitlab-event': 'Push Hook' }, rawBody: new TextEncoder().encode(body) },
        options,
      ),
    ).toEqual({ event: 'Push Hook', payload: { object_kind: 'push' } });
    expect(webhookBodyText(body)).toBe(body);
  });

  it('refuses a missing or empty event header and a body that is not JSON', () => {
    expect(codeOf(() => readWebhookDelivery({ headers: {}, rawBody: '{}' }, options))).toBe(
      'INVALID_REQUEST: Missing X-Gitlab-Event header',
    );
    expect(
      codeOf(() =>
        readWebhookDelivery({ headers: { 'X-Gitlab-Event': ' ' }, rawBody: '{}' }, options),
      ),
    ).toBe('INVALID_REQUEST: Missing X-Gitlab-Event header');
    expect(
      codeOf(() =>
        readWebhookDelivery({ headers: { 'X-Gitlab-Event': 'Push Hook' }, rawBody: '{' }, options),
      ),
    ).toBe('INVALID_REQUEST: Webhook body is not JSON');
  });
});
