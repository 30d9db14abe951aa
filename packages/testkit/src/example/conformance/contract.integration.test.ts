// The provider contract suite against the example simulator. In a provider package this file
// imports `runProviderContract` from '@scm/testkit/contract' and its simulator from
// '@scm/testkit/<name>'.
import { runProviderContract } from '../../contract/index.js';
import { createExampleProvider } from '../example-provider.js';
import {
  startExampleSimulator,
  type ExampleSimulator,
} from '../simulator/start-example-simulator.js';

runProviderContract({
  name: 'example',
  startSimulator: () => startExampleSimulator({ seed: 42 }),
  createProvider: (simulator, options) => {
    const sim = simulator as ExampleSimulator;
    return createExampleProvider({
      baseUrl: sim.baseUrl,
      token: sim.token,
      webhookSecrets: [sim.webhooks.secret],
      ...options,
    });
  },
});
