export {
  startGitLabSimulator,
  type GitLabSimulator,
  type GitLabSimulatorOptions,
  type GitLabSimulatorTokens,
} from './start-gitlab-simulator.js';
export { deriveGitLabWorld, type GitLabGroup, type GitLabWorld } from './gitlab-dataset.js';
export { signStandardWebhook } from './gitlab-webhook-deliveries.js';
export type { IssuePersonalAccessTokenOptions } from './gitlab-personal-tokens.js';
