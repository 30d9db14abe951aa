import { sendRawRequest, withCallOptions, type ScmProvider } from '@scm/core';
import { bitbucketCapabilities } from './bitbucket-capabilities.js';
import { createBitbucketClient } from './bitbucket-client.js';
import { unsupported } from './bitbucket-errors.js';
import { validateBitbucketSettings, type BitbucketProviderSettings } from './bitbucket-settings.js';
import { createBitbucketWebhooks } from './bitbucket-webhooks.js';
import { BITBUCKET_PROVIDER_ID } from './map-common.js';
import { accountOps } from './ops/account.js';
import { ciOps } from './ops/ci.js';
import { commitsOps } from './ops/commits.js';
import { fileTreeOps } from './ops/file-tree.js';
import { hooksOps } from './ops/hooks.js';
import { keysOps } from './ops/keys.js';
import { organizationsOps } from './ops/organizations.js';
import { pullRequestsOps } from './ops/pull-requests.js';
import { refsOps } from './ops/refs.js';
import { repositoriesOps } from './ops/repositories.js';

/**
 * The Bitbucket Cloud adapter: REST API 2.0 with OAuth 2 (refreshed before expiry), access tokens
 * or API tokens / app passwords. See README.md for what it supports and why. Every operation takes
 * an optional last `{ signal }`; `request` reaches any API 2.0 path through the same transport.
 */
export function createBitbucketProvider(settings: BitbucketProviderSettings): ScmProvider {
  const client = createBitbucketClient(validateBitbucketSettings(settings));
  return withCallOptions({
    id: BITBUCKET_PROVIDER_ID,
    capabilities: bitbucketCapabilities,
    ...accountOps(client),
    ...organizationsOps(client),
    ...keysOps(client),
    ...repositoriesOps(client),
    ...refsOps(client),
    ...commitsOps(client),
    ...pullRequestsOps(client),
    ...ciOps(client),
    ...fileTreeOps(client),
    ...hooksOps(client),
    request: (input) => sendRawRequest(client.send.bind(client), BITBUCKET_PROVIDER_ID, input),
    // Unsupported in `bitbucketCapabilities`: they throw, never return an empty result.
    listContributors: () => Promise.reject(unsupported('listContributors')),
    listReleases: () => Promise.reject(unsupported('listReleases')),
    addLabels: () => Promise.reject(unsupported('addLabels')),
    webhooks: createBitbucketWebhooks({
      secrets: settings.webhookSecrets ?? [],
      clock: client.clock,
    }),
    oauth: client.oauth,
    close: () => client.close(),
  });
}
