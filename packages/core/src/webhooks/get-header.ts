import type { WebhookRequest } from '../provider.js';

/**
 * A webhook header by case-insensitive name; the first value when it was repeated. Frameworks
 * disagree on header case (Node lower-cases, raw captures keep `X-Hub-Signature-256`).
 */
export function getHeader(headers: WebhookRequest['headers'], name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() !== wanted || value === undefined) continue;
    return typeof value === 'string' ? value : value[0];
  }
  return undefined;
}
