// The provider contract suite (@scm/testkit/contract) against the GitLab simulator.
import { runProviderContract } from '@scm/testkit/contract';
import { startGitLabSimulator, type GitLabSimulator } from '@scm/testkit/gitlab';
import { createGitLabProvider } from '../gitlab-provider.js';

runProviderContract({
  name: 'gitlab',
  startSimulator: () => startGitLabSimulator({ seed: 42 }),
  createProvider: (simulator, options) => {
    const sim = simulator as GitLabSimulator;
    return createGitLabProvider({
      baseUrl: sim.baseUrl,
      auth: { type: 'private-token', token: sim.tokens.personalToken },
      webhookSecrets: [sim.tokens.webhookSecret],
      webhookSigningTokens: [sim.webhooks.secret],
      ...options,
    });
  },
});
