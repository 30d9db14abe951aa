/** What the demo set up, for the instructions `pnpm demo` prints. */
export interface DemoValues {
  /** The gateway's URL. */
  base: string;
  /** The demo's SQLite folder. */
  dataDir: string;
  /** The developer's session token. */
  session: string;
  app: { clientId: string; clientSecret: string };
  adminApiKey: string;
  /** The seeded platform access token (customer "demo-customer"). */
  token: string;
  /** The repository the token may read (GitHub simulator). */
  repository: { id: string; fullName: string };
  /** A commit whose diff touches a `.env` the firewall blocks. */
  envCommitSha: string;
  pullRequestNumber: number;
  /** The hosted consent flow's authorize URL for the demo app. */
  authorizeUrl: string;
  /** The GitLab simulator's URL and a personal access token with api and read_repository. */
  gitlab: { url: string; token: string };
}

/**
 * The curl commands `pnpm demo` prints, in order, each runnable exactly as printed
 * (demo/start-demo.integration.test.ts runs every one). A new command is one more line here.
 */
export function demoCommands(values: DemoValues): string[] {
  const { base, session, adminApiKey } = values;
  const auth = `-H 'Authorization: Bearer ${values.token}'`;
  const repoUrl = `${base}/v1/repositories/github/${values.repository.id}`;
  return [
    `curl -s ${base}/health`,
    `curl -s ${base}/v1/platform/capabilities`,
    `curl -s ${auth} ${base}/v1/platform/client/me`,
    `curl -s ${auth} '${base}/v1/repositories?provider=github&limit=25'`,
    `curl -s ${auth} '${repoUrl}/branches?limit=2'`,
    `curl -s ${auth} '${repoUrl}/commits?limit=5'`,
    `curl -s ${auth} '${repoUrl}/commits/${values.envCommitSha}/diff'`,
    `curl -s ${auth} '${repoUrl}/pull-requests?state=all'`,
    `curl -s ${auth} '${repoUrl}/pull-requests/${values.pullRequestNumber}/diff'`,
    `curl -s ${auth} '${repoUrl}/file-tree?recursive=true&limit=50'`,
    `curl -s -H 'Authorization: Bearer ${session}' ${base}/v1/developer/apps`,
    `curl -s -H 'Authorization: Bearer ${session}' '${base}/v1/account/usage/summary?top=5'`,
    `curl -s -H 'x-admin-api-key: ${adminApiKey}' ${base}/v1/platform/tokens`,
    `curl -s -H 'x-admin-api-key: ${adminApiKey}' ${base}/v1/security/firewall/config`,
    // The Oore CI integrations API: the GitHub App manifest flow (open the answered url in a
    // browser), GitLab in token mode, then the tenant's integrations.
    `curl -s -X POST -H 'Authorization: Bearer ${session}' -H 'content-type: application/json' -d '{"display_name":"Demo CI"}' ${base}/v1/integrations/github/start`,
    `curl -s -X POST -H 'Authorization: Bearer ${session}' -H 'content-type: application/json' -d '{"host_url":"${values.gitlab.url}","token":"${values.gitlab.token}"}' ${base}/v1/integrations/gitlab/start`,
    `curl -s -H 'Authorization: Bearer ${session}' ${base}/v1/integrations`,
    // Scalingo's SCM integrations (the GitLab one above, as scm_type gitlab) and the account's keys.
    `curl -s -H 'Authorization: Bearer ${session}' ${base}/v1/scm_integrations`,
    `curl -s -H 'Authorization: Bearer ${session}' ${base}/v1/ssh_keys`,
    // The workspace integrations API (seed 002): the workspace's links and a provider's catalogues.
    `curl -s -H 'Authorization: Bearer ${session}' ${base}/api/integrations`,
    `curl -s -H 'Authorization: Bearer ${session}' ${base}/api/integrations/github/checks`,
    `curl -s -H 'Authorization: Bearer ${session}' ${base}/api/integrations/gitlab/actions`,
  ];
}

/** The whole text `pnpm demo` prints: the credentials, the commands, the consent flow. */
export function demoText(values: DemoValues, commands: readonly string[]): string {
  return `
SCM Gateway demo on ${values.base} (SQLite in ${values.dataDir}; GitHub, GitLab and Bitbucket simulators on 127.0.0.1)

  developer session:  ${values.session}
  app client_id:      ${values.app.clientId}
  app client_secret:  ${values.app.clientSecret}
  admin key:          ${values.adminApiKey}
  access token:       ${values.token}
                      (customer "demo-customer", repository ${values.repository.fullName}; the diff below has a blocked .env)

Try:
${commands.map((command) => `  ${command}`).join('\n')}

The GitHub App manifest flow: open the "url" the integrations/github/start command answers in a
browser; the simulated GitHub creates the app, installs it and sends you back. Then list the
integration's installations and repositories:
  curl -s -H 'Authorization: Bearer ${values.session}' ${values.base}/v1/integrations/INTEGRATION_ID/repositories

The hosted consent flow, in a browser (the simulated providers approve at once; the demo app's
callback exchanges the code and shows the token):
  ${values.authorizeUrl}

The /testapp sandbox runs the same flow for the demo app and then probes every unified endpoint
with its token: open it, paste the app's client_id and client_secret above, save and approve:
  ${values.base}/testapp

Ctrl-C stops everything.
`;
}
