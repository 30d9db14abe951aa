import type { BitbucketSimulator } from '@scm/testkit/bitbucket';
import type { GitHubSimulator } from '@scm/testkit/github';
import type { GitLabSimulator } from '@scm/testkit/gitlab';
import type { ProviderHostConfig } from '../src/config.js';

/**
 * A provider simulator as the gateway's default host of that provider, with the simulator's OAuth
 * app as the gateway's (`oauth: false` for a host without one: manual tokens only).
 */
export function githubSimulatorHost(
  sim: GitHubSimulator,
  options: { oauth?: boolean } = {},
): ProviderHostConfig {
  return {
    provider: 'github',
    host: 'github.com',
    apiBaseUrl: sim.baseUrl,
    webBaseUrl: sim.webUrl,
    ...(options.oauth === false
      ? {}
      : { clientId: sim.oauth.clientId, clientSecret: sim.oauth.clientSecret }),
    isDefault: true,
  };
}

export function gitlabSimulatorHost(
  sim: GitLabSimulator,
  options: { oauth?: boolean } = {},
): ProviderHostConfig {
  return {
    provider: 'gitlab',
    host: 'gitlab.com',
    apiBaseUrl: sim.baseUrl,
    webBaseUrl: sim.baseUrl,
    ...(options.oauth === false
      ? {}
      : { clientId: sim.tokens.clientId, clientSecret: sim.tokens.clientSecret }),
    isDefault: true,
  };
}

export function bitbucketSimulatorHost(
  sim: BitbucketSimulator,
  options: { oauth?: boolean } = {},
): ProviderHostConfig {
  return {
    provider: 'bitbucket',
    host: 'bitbucket.org',
    apiBaseUrl: sim.apiBaseUrl,
    webBaseUrl: sim.webBaseUrl,
    ...(options.oauth === false
      ? {}
      : { clientId: sim.oauth.clientId, clientSecret: sim.oauth.clientSecret }),
    isDefault: true,
  };
}
