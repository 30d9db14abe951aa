import {
  callbackSetting,
  providerSettingsBaseSchema,
  secretSetting,
  validateProviderSettings,
  webhookSecretsSetting,
  type ProviderSettingsBase,
} from '@scm/core';
import { EXAMPLE_PROVIDER_ID } from './map-common.js';

/** The example API's public host. Nothing connects to it: `.test` is reserved (RFC 2606). */
export const EXAMPLE_DEFAULT_BASE_URL = 'https://api.example.test';

export interface ExampleProviderSettings extends ProviderSettingsBase {
  /** A personal access token, sent as `Authorization: Bearer <token>`. */
  token: string;
  /**
   * Issues a new token when the API answers that `token` expired (`token_expired`). The adapter
   * calls it once, shared by the requests refused meanwhile, uses the new token from then on and
   * sends the refused request again. Without it, an expired token is `AUTH_EXPIRED`.
   */
  renewToken?: (() => Promise<string>) | undefined;
  /** Secrets webhook deliveries are signed with; list the old and the new one while rotating. */
  webhookSecrets?: readonly string[] | undefined;
}

const ExampleSettingsSchema = providerSettingsBaseSchema.extend({
  token: secretSetting,
  renewToken: callbackSetting.optional(),
  webhookSecrets: webhookSecretsSetting.optional(),
});

/**
 * Checks the settings at construction: a missing `token`, a relative `baseUrl` or a negative
 * `timeoutMs` is `INVALID_REQUEST` naming the field, not a TypeError in the first request.
 */
export function validateExampleSettings(
  settings: ExampleProviderSettings,
): ExampleProviderSettings {
  return validateProviderSettings(ExampleSettingsSchema, settings, {
    provider: EXAMPLE_PROVIDER_ID,
    label: 'Example',
  });
}
