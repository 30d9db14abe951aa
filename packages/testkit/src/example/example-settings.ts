import type { ProviderSettingsBase } from '@scm/core';

/** The example API's public host. Nothing connects to it: `.test` is reserved (RFC 2606). */
export const EXAMPLE_DEFAULT_BASE_URL = 'https://api.example.test';

export interface ExampleProviderSettings extends ProviderSettingsBase {
  /** A personal access token, sent as `Authorization: Bearer <token>`. */
  token: string;
  /** Secrets webhook deliveries are signed with; list the old and the new one while rotating. */
  webhookSecrets?: readonly string[] | undefined;
}
