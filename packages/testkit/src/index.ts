export {
  startSimulatorServer,
  type Route,
  type RouteHandler,
  type SimulatorRequest,
  type SimulatorResponse,
  type SimulatorServer,
  type StartSimulatorServerOptions,
} from './server/simulator-server.js';
export {
  createFaultController,
  type Fault,
  type FaultController,
  type FaultTarget,
  type InjectedFault,
} from './server/faults.js';
export type { LoggedRequest, RequestFilter, RequestLog } from './server/request-log.js';
export * from './dataset/index.js';
// The vitest-bound suite is `@scm/testkit/contract`: importing vitest here would make every
// consumer (the gateway's demo mode, CommonJS callers) load a test runner.
export {
  createRecordingDispatcher,
  isLoopbackOrigin,
  type RecordingDispatcher,
} from './contract/recording-dispatcher.js';
export type {
  ContractExpectations,
  ContractProviderOptions,
  ProviderContractOptions,
  SimulatedWebhooks,
  SimulatorHandle,
  WebhookFixture,
} from './contract/types.js';
export * from './example/index.js';
export {
  PROVIDER_GROUP_FILES,
  PROVIDER_OPERATION_GROUPS,
  PROVIDER_PACKAGE_FILES,
  providerPackageFiles,
  servedOperationGroups,
  type ProviderOperationGroup,
} from './provider-shape.js';
export { manualClock, type ManualClock } from './manual-clock.js';
