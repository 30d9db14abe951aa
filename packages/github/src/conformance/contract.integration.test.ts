import { runProviderContract } from '@scm/testkit/contract';
import { startGitHubSimulator, type GitHubSimulator } from '@scm/testkit/github';
import { createGitHubProvider } from '../github-provider.js';

// The whole contract twice: against the github.com form of the API, and against the GitHub
// Enterprise Server form (`<host>/api/v3`), which the simulator serves side by side.
for (const [name, baseUrl] of [
  ['github', (simulator: GitHubSimulator) => simulator.baseUrl],
  ['github (GHES /api/v3)', (simulator: GitHubSimulator) => simulator.enterpriseBaseUrl],
] as const) {
  runProviderContract({
    name,
    startSimulator: () => startGitHubSimulator({ seed: 7 }),
    createProvider: (simulator, options) =>
      createGitHubProvider({
        baseUrl: baseUrl(simulator as GitHubSimulator),
        auth: { type: 'token', token: (simulator as GitHubSimulator).token },
        webhookSecrets: [simulator.webhooks.secret],
        ...options,
      }),
  });
}
