export {
  startAzureSimulator,
  type AzureSimulator,
  type AzureSimulatorOptions,
} from './start-azure-simulator.js';
export type { AzureCredentials } from './azure-auth.js';
export {
  DEFAULT_AZURE_ORGANIZATION,
  deriveAzureWorld,
  guidFor,
  repositoryGuid,
  type AzureProject,
  type AzureWorld,
} from './azure-dataset.js';
export { AZURE_EVENT_TYPES } from './routes/hooks.js';
