export { getHeader } from './get-header.js';
export {
  signHmacSha256,
  verifyHmacSignature,
  type HmacAlgorithm,
  type VerifyHmacOptions,
} from './hmac.js';
export { verifySharedToken, type VerifySharedTokenOptions } from './shared-token.js';
export {
  invalidWebhook,
  readWebhookDelivery,
  webhookBodyText,
  type ReadWebhookDeliveryOptions,
} from './read-delivery.js';
