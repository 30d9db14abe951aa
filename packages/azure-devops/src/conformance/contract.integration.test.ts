// The provider contract suite against the Azure DevOps simulator.
import { startAzureSimulator, type AzureSimulator } from '@scm/testkit/azure';
import { runProviderContract } from '@scm/testkit/contract';
import { createAzureDevOpsProvider } from '../azure-provider.js';

runProviderContract({
  name: 'azure',
  startSimulator: () => startAzureSimulator({ seed: 42 }),
  createProvider: (simulator, options) => {
    const sim = simulator as AzureSimulator;
    return createAzureDevOpsProvider({
      baseUrl: sim.organizationUrl,
      profileUrl: sim.profileUrl,
      auth: { type: 'pat', token: sim.personalAccessToken },
      webhookSecrets: [sim.webhooks.secret],
      ...options,
    });
  },
});

// The same suite against Azure DevOps Server's form: a collection under a virtual directory, whose
// caller is named by connectionData (Server has no profile service).
runProviderContract({
  name: 'azure (Server collection)',
  startSimulator: () =>
    startAzureSimulator({ seed: 42, pathPrefix: '/tfs', organization: 'DefaultCollection' }),
  createProvider: (simulator, options) => {
    const sim = simulator as AzureSimulator;
    return createAzureDevOpsProvider({
      baseUrl: sim.organizationUrl,
      auth: { type: 'pat', token: sim.personalAccessToken },
      webhookSecrets: [sim.webhooks.secret],
      ...options,
    });
  },
});
