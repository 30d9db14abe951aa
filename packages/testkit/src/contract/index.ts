export { runProviderContract } from './run-provider-contract.js';
export type {
  ContractExpectations,
  ContractProviderOptions,
  ProviderContractOptions,
  SimulatedWebhooks,
  SimulatorHandle,
  WebhookFixture,
} from './types.js';
