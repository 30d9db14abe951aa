export {
  startBitbucketSimulator,
  type BitbucketSimulator,
  type BitbucketSimulatorOptions,
} from './start-bitbucket-simulator.js';
export type { BitbucketCredentials } from './bitbucket-auth.js';
