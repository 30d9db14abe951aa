import { sendRawRequest, withCallOptions, type ScmProvider } from '@scm/core';
import { azureCapabilities } from './azure-capabilities.js';
import { createAzureClient } from './azure-client.js';
import { unsupported } from './azure-errors.js';
import type { AzureDevOpsProviderSettings } from './azure-settings.js';
import { AZURE_WEBHOOK_SECRET_HEADER, createAzureWebhooks } from './azure-webhooks.js';
import { AZURE_PROVIDER_ID } from './map-common.js';
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
 * The Azure DevOps adapter for Azure DevOps Services and Server (REST 7.1), provider id `azure`.
 * See README.md for settings, auth modes, how Azure's model maps, and what it cannot serve.
 */
export function createAzureDevOpsProvider(settings: AzureDevOpsProviderSettings): ScmProvider {
  const client = createAzureClient(settings);
  const secretHeader = settings.webhookSecretHeader ?? AZURE_WEBHOOK_SECRET_HEADER;
  return withCallOptions({
    id: AZURE_PROVIDER_ID,
    capabilities: azureCapabilities,
    ...accountOps(client),
    ...organizationsOps(client),
    ...repositoriesOps(client),
    ...refsOps(client),
    ...commitsOps(client),
    ...pullRequestsOps(client),
    ...ciOps(client),
    ...fileTreeOps(client),
    request: (input) => sendRawRequest(client.send.bind(client), AZURE_PROVIDER_ID, input),
    ...hooksOps(client, { secretHeader }),
    // Unsupported in `azureCapabilities`: they throw, never return an empty result.
    listContributors: () => Promise.reject(unsupported('listContributors')),
    listReleases: () => Promise.reject(unsupported('listReleases')),
    listDeployments: () => Promise.reject(unsupported('listDeployments')),
    listSshKeys: () => Promise.reject(unsupported('listSshKeys')),
    webhooks: createAzureWebhooks({
      secrets: settings.webhookSecrets ?? [],
      secretHeader,
      organization: client.location.organization,
      clock: client.clock,
    }),
    oauth: client.oauth,
    close: () => client.close(),
  });
}
