import { gatewayError } from '../http/errors.js';
import { isProviderId, PROVIDER_IDS, type GatewayProviderId } from './catalogue.js';

/** A provider id of the catalogue (`:provider` in a path, `provider` in a query), or UNSUPPORTED_PROVIDER naming the valid ids. */
export function requireProvider(value: string): GatewayProviderId {
  if (isProviderId(value)) return value;
  const lower = value.toLowerCase();
  const hint = isProviderId(lower)
    ? ` Provider ids are lowercase: use ${JSON.stringify(lower)}.`
    : '';
  throw gatewayError(
    'UNSUPPORTED_PROVIDER',
    `Provider ${JSON.stringify(value.slice(0, 40))} is not supported.${hint} Use one of: ${PROVIDER_IDS.join(', ')} (GET /v1/providers lists them).`,
  );
}
