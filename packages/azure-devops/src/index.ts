export { createAzureDevOpsProvider } from './azure-provider.js';
export { azureCapabilities } from './azure-capabilities.js';
export {
  AZURE_DEFAULT_AUTHORITY_URL,
  AZURE_DEFAULT_BASE_URL,
  AZURE_DEVOPS_RESOURCE,
  type AzureBearerAuth,
  type AzureDevOpsProviderSettings,
  type AzureOAuthApp,
  type AzureOAuthAuth,
  type AzurePatAuth,
} from './azure-settings.js';
export {
  AZURE_DEFAULT_OAUTH_SCOPES,
  createAzureOAuth,
  type AzureOAuth,
  type AzureOAuthOptions,
} from './azure-oauth.js';
export {
  AZURE_WEBHOOK_SECRET_HEADER,
  createAzureWebhooks,
  readAzureDelivery,
  type AzureWebhooksOptions,
} from './azure-webhooks.js';
