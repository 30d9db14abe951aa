export { createGitHubProvider, type GitHubProvider } from './github-provider.js';
export { githubCapabilities } from './github-capabilities.js';
export {
  deriveWebUrl,
  GITHUB_API_VERSION,
  GITHUB_DEFAULT_BASE_URL,
  type GitHubAppAuth,
  type GitHubAuth,
  type GitHubOAuthAuth,
  type GitHubProviderSettings,
  type GitHubTokenAuth,
} from './github-settings.js';
export {
  createGitHubWebhooks,
  GITHUB_DELIVERY_HEADER,
  GITHUB_EVENT_HEADER,
  GITHUB_SIGNATURE_HEADER,
  type GitHubWebhooksOptions,
} from './github-webhooks.js';
export {
  createGitHubAppAuth,
  type GitHubAppAuthClient,
  type GitHubAppAuthOptions,
  type GitHubInstallationTarget,
  type GitHubInstallationToken,
} from './github-app-auth.js';
export { createGitHubOAuth, type GitHubOAuthOptions } from './github-oauth.js';
export {
  createGitHubInstallations,
  type GitHubBranchProtection,
  type GitHubCollaborator,
  type GitHubInstallation,
  type GitHubInstallations,
  type GitHubInstallationsOptions,
  type GitHubMember,
} from './github-installations.js';
export {
  convertGitHubAppManifest,
  githubAppManifestFormAction,
  type ConvertGitHubAppManifestOptions,
  type GitHubAppCredentials,
  type GitHubAppManifest,
} from './github-app-manifest.js';
