import { sendRawRequest, withCallOptions, type RateLimitInfo, type ScmProvider } from '@scm/core';
import { githubCapabilities } from './github-capabilities.js';
import { createGitHubClient } from './github-client.js';
import { validateGitHubSettings, type GitHubProviderSettings } from './github-settings.js';
import { createGitHubWebhooks } from './github-webhooks.js';
import { GITHUB_PROVIDER_ID } from './map-common.js';
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

/** The GitHub adapter: the core contract plus the last rate-limit headers seen and the web root. */
export interface GitHubProvider extends ScmProvider {
  /** `https://github.com`, or the GHES host root: where web links and OAuth pages live. */
  readonly webUrl: string;
  /** `x-ratelimit-*` of the latest response, or null before the first one. */
  rateLimit(): RateLimitInfo | null;
}

/**
 * Creates the adapter for GitHub.com or GitHub Enterprise Server. GitHub serves every operation
 * (`githubCapabilities`), so none is rejected as unsupported. Every operation takes an optional
 * last `{ signal }`; `request` reaches any REST path through the same transport.
 */
export function createGitHubProvider(settings: GitHubProviderSettings): GitHubProvider {
  const client = createGitHubClient(validateGitHubSettings(settings));
  return withCallOptions<GitHubProvider>({
    id: GITHUB_PROVIDER_ID,
    capabilities: githubCapabilities,
    webUrl: client.webUrl,
    rateLimit: () => client.rateLimit(),
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
    request: (input) => sendRawRequest(client.send.bind(client), GITHUB_PROVIDER_ID, input),
    webhooks: createGitHubWebhooks({ secrets: settings.webhookSecrets ?? [], clock: client.clock }),
    oauth: client.oauth,
    close: () => client.close(),
  });
}
