export { createExampleProvider } from './example-provider.js';
export { exampleCapabilities } from './example-capabilities.js';
export { EXAMPLE_DEFAULT_BASE_URL, type ExampleProviderSettings } from './example-settings.js';
export {
  startExampleSimulator,
  type ExampleSimulator,
  type ExampleSimulatorOptions,
} from './simulator/start-example-simulator.js';
