export {
  DEFAULT_TOKEN_SCOPES,
  startGitHubSimulator,
  type GitHubSimulator,
  type GitHubSimulatorOptions,
} from './start-github-simulator.js';
export { GITHUB_SIGNATURE_HEADER } from './github-webhook-deliveries.js';
export type {
  GitHubAppInfo,
  GitHubAppsHandle,
  GitHubInstallationInfo,
} from './github-app-registry.js';
