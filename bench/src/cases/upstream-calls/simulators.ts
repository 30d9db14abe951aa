// The four provider simulators the upstream-calls case reads through the gateway, each with the
// request log the counts come from, the token a manual connection uses and its host entry.
import { startAzureSimulator } from '@scm/testkit/azure';
import { startBitbucketSimulator } from '@scm/testkit/bitbucket';
import { startGitHubSimulator } from '@scm/testkit/github';
import { startGitLabSimulator } from '@scm/testkit/gitlab';

export type ProviderId = 'github' | 'gitlab' | 'bitbucket' | 'azure';

export interface CountedSimulator {
  provider: ProviderId;
  /** The gateway's host entry for it (manual tokens only, no OAuth app). */
  host: Record<string, unknown>;
  token: string;
  repository: string;
  /** Requests the simulator has received so far (its request log, every route). */
  count(): number;
  stop(): Promise<void>;
}

export async function startCountedSimulators(seed: number): Promise<CountedSimulator[]> {
  const [github, gitlab, bitbucket, azure] = await Promise.all([
    startGitHubSimulator({ seed, rateLimit: { core: 1_000_000_000 } }),
    startGitLabSimulator({ seed }),
    startBitbucketSimulator({ seed }),
    startAzureSimulator({ seed }),
  ]);
  const host = (provider: ProviderId, name: string, apiBaseUrl: string, webBaseUrl: string) => ({
    provider,
    host: name,
    apiBaseUrl,
    webBaseUrl,
    isDefault: true,
  });
  return [
    {
      provider: 'github',
      host: host('github', 'github.com', github.baseUrl, github.webUrl),
      token: github.token,
      repository: github.expected.repository,
      count: () => github.requests.count(),
      stop: () => github.stop(),
    },
    {
      provider: 'gitlab',
      host: host('gitlab', 'gitlab.com', gitlab.baseUrl, gitlab.baseUrl),
      token: gitlab.tokens.personalToken,
      repository: gitlab.expected.repository,
      count: () => gitlab.requests.count(),
      stop: () => gitlab.stop(),
    },
    {
      provider: 'bitbucket',
      host: host('bitbucket', 'bitbucket.org', bitbucket.apiBaseUrl, bitbucket.webBaseUrl),
      token: bitbucket.accessToken,
      repository: bitbucket.expected.repository,
      count: () => bitbucket.requests.count(),
      stop: () => bitbucket.stop(),
    },
    {
      provider: 'azure',
      host: host('azure', 'dev.azure.com', azure.organizationUrl, azure.organizationUrl),
      token: azure.personalAccessToken,
      repository: azure.expected.repository,
      count: () => azure.requests.count(),
      stop: () => azure.stop(),
    },
  ];
}
