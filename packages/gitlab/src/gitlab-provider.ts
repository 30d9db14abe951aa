import { sendRawRequest, withCallOptions, type ScmProvider } from '@scm/core';
import { gitlabCapabilities } from './gitlab-capabilities.js';
import { createGitLabClient } from './gitlab-client.js';
import { validateGitLabSettings, type GitLabProviderSettings } from './gitlab-settings.js';
import { createGitLabWebhooks } from './gitlab-webhooks.js';
import { GITLAB_PROVIDER_ID } from './map-common.js';
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
 * The GitLab adapter for gitlab.com and self-managed instances (REST API v4). See README.md for
 * settings, auth modes and limits. GitLab serves every operation (`gitlabCapabilities`). Every
 * operation takes an optional last `{ signal }`; `request` reaches any REST v4 path through the
 * same transport.
 */
export function createGitLabProvider(settings: GitLabProviderSettings): ScmProvider {
  const client = createGitLabClient(validateGitLabSettings(settings));
  return withCallOptions({
    id: GITLAB_PROVIDER_ID,
    capabilities: gitlabCapabilities,
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
    request: (input) => sendRawRequest(client.send.bind(client), GITLAB_PROVIDER_ID, input),
    webhooks: createGitLabWebhooks({
      secrets: settings.webhookSecrets ?? [],
      signingTokens: settings.webhookSigningTokens ?? [],
      toleranceSeconds: settings.webhookToleranceSeconds,
      clock: client.clock,
    }),
    oauth: client.oauth,
    close: () => client.close(),
  });
}
