export { createBitbucketProvider } from './bitbucket-provider.js';
export { bitbucketCapabilities } from './bitbucket-capabilities.js';
export {
  BITBUCKET_DEFAULT_BASE_URL,
  BITBUCKET_DEFAULT_WEB_URL,
  type BitbucketAuth,
  type BitbucketOAuthClient,
  type BitbucketProviderSettings,
} from './bitbucket-settings.js';
export { createBitbucketOAuth, type BitbucketOAuthSettings } from './bitbucket-oauth.js';
export { createBitbucketWebhooks } from './bitbucket-webhooks.js';
