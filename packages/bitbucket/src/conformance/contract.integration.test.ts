// The provider contract suite against the Bitbucket simulator.
import { startBitbucketSimulator, type BitbucketSimulator } from '@scm/testkit/bitbucket';
import { runProviderContract } from '@scm/testkit/contract';
import { createBitbucketProvider } from '../bitbucket-provider.js';

runProviderContract({
  name: 'bitbucket',
  startSimulator: () => startBitbucketSimulator({ seed: 42 }),
  createProvider: (simulator, options) => {
    const sim = simulator as BitbucketSimulator;
    return createBitbucketProvider({
      baseUrl: sim.apiBaseUrl,
      webBaseUrl: sim.webBaseUrl,
      auth: { type: 'access-token', token: sim.accessToken },
      webhookSecrets: [sim.webhooks.secret],
      ...options,
    });
  },
});
