import { startAzureSimulator, type AzureSimulator } from '@scm/testkit/azure';
import { startBitbucketSimulator } from '@scm/testkit/bitbucket';
import { startGitHubSimulator } from '@scm/testkit/github';
import { startGitLabSimulator } from '@scm/testkit/gitlab';
import type { ProviderHostConfig } from '../src/config.js';
import type { GatewayProviderId } from '../src/providers/catalogue.js';
import {
  bitbucketSimulatorHost,
  githubSimulatorHost,
  gitlabSimulatorHost,
} from './simulator-hosts.js';

/** One provider's simulator as the demo and the gateway's tests use it. */
export interface SimulatorHarness {
  provider: GatewayProviderId;
  /** The simulator as the gateway's default host of its provider (`oauth: false`: manual tokens only). */
  host(options?: { oauth?: boolean }): ProviderHostConfig;
  /** A token the simulator's API accepts as a manual connection's access token. */
  token: string;
  /** The repository the simulator's dataset fills with every kind of data. */
  expected: { repository: string };
  stop(): Promise<void>;
}

/**
 * The Azure DevOps simulator as the default Services host: its organization URL is the API and
 * web base (the simulator also answers the profile service and Entra, at its origin).
 */
export function azureSimulatorHost(
  sim: AzureSimulator,
  options: { oauth?: boolean } = {},
): ProviderHostConfig {
  return {
    provider: 'azure',
    host: 'dev.azure.com',
    apiBaseUrl: sim.organizationUrl,
    webBaseUrl: sim.organizationUrl,
    ...(options.oauth === false
      ? {}
      : { clientId: sim.oauth.clientId, clientSecret: sim.oauth.clientSecret }),
    isDefault: true,
  };
}

/**
 * A simulator per provider of the catalogue: keyed by its ids, so a provider added there without a
 * simulator here does not compile.
 */
export const SIMULATORS: Record<GatewayProviderId, (seed: number) => Promise<SimulatorHarness>> = {
  github: async (seed) => {
    const sim = await startGitHubSimulator({ seed });
    return {
      provider: 'github',
      host: (options) => githubSimulatorHost(sim, options),
      token: sim.token,
      expected: sim.expected,
      stop: () => sim.stop(),
    };
  },
  gitlab: async (seed) => {
    const sim = await startGitLabSimulator({ seed });
    return {
      provider: 'gitlab',
      host: (options) => gitlabSimulatorHost(sim, options),
      token: sim.tokens.personalToken,
      expected: sim.expected,
      stop: () => sim.stop(),
    };
  },
  bitbucket: async (seed) => {
    const sim = await startBitbucketSimulator({ seed });
    return {
      provider: 'bitbucket',
      host: (options) => bitbucketSimulatorHost(sim, options),
      token: sim.accessToken,
      expected: sim.expected,
      stop: () => sim.stop(),
    };
  },
  azure: async (seed) => {
    const sim = await startAzureSimulator({ seed });
    return {
      provider: 'azure',
      host: (options) => azureSimulatorHost(sim, options),
      token: sim.personalAccessToken,
      expected: sim.expected,
      stop: () => sim.stop(),
    };
  },
};
