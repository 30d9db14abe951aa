import { sendRawRequest, withCallOptions, type ScmProvider } from '@scm/core';
import { exampleCapabilities } from './example-capabilities.js';
import { createExampleClient } from './example-client.js';
import { unsupported } from './example-errors.js';
import { validateExampleSettings, type ExampleProviderSettings } from './example-settings.js';
import { createExampleWebhooks } from './example-webhooks.js';
import { EXAMPLE_PROVIDER_ID } from './map-common.js';
import { accountOps } from './ops/account.js';
import { ciOps } from './ops/ci.js';
import { commitsOps } from './ops/commits.js';
import { fileTreeOps } from './ops/file-tree.js';
import { hooksOps } from './ops/hooks.js';
import { organizationsOps } from './ops/organizations.js';
import { pullRequestsOps } from './ops/pull-requests.js';
import { refsOps } from './ops/refs.js';
import { repositoriesOps } from './ops/repositories.js';

/**
 * The "example" provider: the template every real adapter follows (see CONTRIBUTING.md).
 * `withCallOptions` gives every operation its `{ signal }`; `request` is the raw escape hatch.
 */
export function createExampleProvider(settings: ExampleProviderSettings): ScmProvider {
  const client = createExampleClient(validateExampleSettings(settings));
  return withCallOptions({
    id: EXAMPLE_PROVIDER_ID,
    capabilities: exampleCapabilities,
    ...accountOps(client),
    ...organizationsOps(client),
    ...repositoriesOps(client),
    ...refsOps(client),
    ...commitsOps(client),
    ...pullRequestsOps(client),
    ...ciOps(client),
    ...fileTreeOps(client),
    ...hooksOps(client),
    // Unsupported in `exampleCapabilities`: they throw, never return an empty result.
    listSshKeys: () => Promise.reject(unsupported('listSshKeys')),
    addLabels: () => Promise.reject(unsupported('addLabels')),
    getFileContent: () => Promise.reject(unsupported('getFileContent')),
    request: (input) => sendRawRequest(client.send.bind(client), EXAMPLE_PROVIDER_ID, input),
    webhooks: createExampleWebhooks({
      secrets: settings.webhookSecrets ?? [],
      clock: client.clock,
    }),
    close: () => client.close(),
  });
}
