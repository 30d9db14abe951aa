/** Where a provider sends deliveries to this gateway: `POST {publicUrl}/v1/webhooks/{provider}`. */
export const inboundWebhookUrl = (publicUrl: string, provider: string): string =>
  `${publicUrl}/v1/webhooks/${provider}`;
