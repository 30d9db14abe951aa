export { createGitLabProvider } from './gitlab-provider.js';
export { gitlabCapabilities } from './gitlab-capabilities.js';
export {
  GITLAB_DEFAULT_BASE_URL,
  type GitLabOAuthApp,
  type GitLabOAuthAuth,
  type GitLabPrivateTokenAuth,
  type GitLabProviderSettings,
} from './gitlab-settings.js';
export { createGitLabOAuth, type GitLabOAuth, type GitLabOAuthOptions } from './gitlab-oauth.js';
export {
  getGitLabTokenInfo,
  type GitLabTokenInfo,
  type GitLabTokenInfoOptions,
} from './gitlab-token-info.js';
export {
  createGitLabWebhooks,
  parseGitLabEvent,
  parseGitLabEvents,
  signGitLabWebhook,
  type GitLabWebhooksOptions,
} from './gitlab-webhooks.js';
