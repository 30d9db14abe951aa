import { gatewayError } from '../http/errors.js';
import { isProviderId, type GatewayProviderId } from './catalogue.js';

/** A `:provider` path parameter of the catalogue, or UNSUPPORTED_PROVIDER. */
export function requireProvider(value: string): GatewayProviderId {
  if (!isProviderId(value))
    throw gatewayError(
      'UNSUPPORTED_PROVIDER',
      `Provider "${value.slice(0, 40)}" is not supported.`,
    );
  return value;
}
