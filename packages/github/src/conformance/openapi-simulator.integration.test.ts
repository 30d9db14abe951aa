import { paginate, parseRepoRef, ScmError } from '@scm/core';
import { startGitHubSimulator, type GitHubSimulator } from '@scm/testkit/github';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGitHubAppAuth } from '../github-app-auth.js';
import { convertGitHubAppManifest } from '../github-app-manifest.js';
import { createGitHubInstallations } from '../github-installations.js';
import { createGitHubProvider } from '../github-provider.js';
import {
  OPENAPI_ALLOWED_DRIFT,
  UNDOCUMENTED_ENDPOINTS,
  type AllowedDrift,
} from './openapi-allowed-drift.js';
import {
  loadGitHubOpenApi,
  type GitHubDescription,
  type GitHubOpenApi,
  type MatchedOperation,
} from './openapi.js';
import { createRecordingDispatcher, type RecordedExchange } from './recording-dispatcher.js';

// Every response the GitHub simulator emits while the adapter runs each of its operations must
// validate against that operation's response schema in GitHub's official OpenAPI description.

/** The operations the adapter is expected to reach (GitHub's operation ids). */
const EXPECTED_OPERATIONS = [
  'users/get-authenticated',
  'repos/list-for-authenticated-user',
  'repos/list-for-user',
  'search/repos',
  'repos/get',
  'repos/list-branches',
  'repos/list-commits',
  'repos/get-commit',
  'pulls/list',
  'pulls/get',
  'pulls/list-files',
  'repos/list-contributors',
  'repos/list-tags',
  'repos/list-releases',
  'checks/list-for-ref',
  'repos/get-combined-status-for-ref',
  'repos/list-deployments',
  'repos/list-deployment-statuses',
  'git/get-tree',
  'orgs/list-for-authenticated-user',
  'search/issues-and-pull-requests',
  'users/list-public-ssh-keys-for-authenticated-user',
  'repos/create-webhook',
  'repos/delete-webhook',
  'issues/create-comment',
  'issues/add-labels',
  'repos/create-commit-status',
  'apps/list-installations',
  'apps/create-installation-access-token',
  'apps/get-user-installation',
  'apps/list-repos-accessible-to-installation',
  'apps/create-from-manifest',
  'repos/get-branch-protection',
  'repos/list-collaborators',
  'orgs/list-members',
];

interface Finding {
  operationId: string;
  method: string;
  path: string;
  status: number;
  problem: string;
}

async function settle(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    (value) => value,
    (error: unknown) => {
      if (ScmError.isInstance(error)) return error;
      throw error;
    },
  );
}

/** The documented operation, or the one an undocumented endpoint is validated as. */
function operationFor(
  openapi: GitHubOpenApi,
  method: string,
  path: string,
): MatchedOperation | undefined {
  const documented = openapi.match(method, path);
  if (documented !== undefined) return documented;
  const alias = UNDOCUMENTED_ENDPOINTS.find(
    (endpoint) => endpoint.method === method && endpoint.path.test(path),
  );
  return alias === undefined ? undefined : openapi.match(alias.sameAs.method, alias.sameAs.path);
}

// github.com at the API root, and GitHub Enterprise Server under /api/v3.
const TARGETS: readonly { description: GitHubDescription; prefix: string }[] = [
  { description: 'api.github.com', prefix: '' },
  { description: 'ghes-3.19', prefix: '/api/v3' },
];

describe.each(TARGETS)(
  'GitHub simulator responses against @octokit/openapi $description',
  ({ description, prefix }) => {
    let sim: GitHubSimulator;
    let openapi: GitHubOpenApi;
    const recorder = createRecordingDispatcher();
    let exchanges: RecordedExchange[] = [];

    beforeAll(async () => {
      openapi = loadGitHubOpenApi(description);
      sim = await startGitHubSimulator({ seed: 7 });
      const baseUrl = `${sim.baseUrl}${prefix}`;
      const provider = createGitHubProvider({
        baseUrl,
        auth: { type: 'token', token: sim.token },
        dispatcher: recorder.dispatcher,
        retry: { maxRetries: 0 },
      });
      const repo = parseRepoRef(sim.expected.repository);
      const byId = parseRepoRef(sim.expected.repositoryId);
      const viewer = await provider.getViewer();
      await provider.listRepositories({ limit: 5 });
      await provider.listRepositories({ limit: 5, owner: viewer.login });
      const otherUser = sim.dataset.users.find((user) => user.login !== viewer.login);
      await provider.listRepositories({ limit: 5, owner: otherUser?.login ?? '' });
      await provider.listRepositories({ limit: 5, search: 'a' });
      await provider.getRepository(repo);
      await provider.getRepository(byId);
      const branches = await provider.listBranches(repo, { limit: 5 });
      const commits = await provider.listCommits(repo, { limit: 5 });
      await provider.listCommits(repo, { limit: 5, branch: branches.items[0]?.name });
      const sha = commits.items[0]?.sha ?? '';
      await provider.getCommitDiff(repo, sha);
      for (const state of ['open', 'closed', 'merged', 'all'] as const)
        await provider.listPullRequests(repo, { limit: 5, state });
      const pulls = await provider.listPullRequests(repo, { limit: 5, state: 'all' });
      const number = pulls.items[0]?.number ?? 1;
      await provider.getPullRequestDiff(repo, number);
      await provider.listContributors(repo, { limit: 5 });
      await provider.listTags(repo, { limit: 5 });
      await provider.listReleases(repo, { limit: 5 });
      // Check runs first, then commit statuses: walk every page so both sources answer.
      for await (const check of paginate(
        (query) => provider.listChecks(repo, { ...query, ref: sha }),
        {
          limit: 10,
        },
      ))
        expect(check.sha).toBe(sha);
      // One GraphQL query a page; a page-number cursor (REST's) the REST list and each one's
      // statuses.
      await provider.listDeployments(repo, { limit: 5 });
      await provider.listDeployments(repo, { limit: 5, cursor: '1' });
      await provider.listFileTree(repo, { limit: 10, recursive: true });
      await provider.listOrganizations({ limit: 5 });
      await provider.searchPullRequests({ limit: 5, repo: sim.expected.repository, state: 'open' });
      await provider.listSshKeys();
      const hook = await provider.createWebhook(repo, {
        callbackUrl: 'https://hooks.example.test/github',
        events: ['push', 'pull_request'],
        active: true,
        secret: 'conformance-secret',
      });
      await provider.deleteWebhook(repo, hook.id);
      await provider.createComment(repo, { number, body: 'Conformance comment' });
      await provider.addLabels(repo, { number, labels: ['conformance'] });
      await provider.setCommitStatus(repo, {
        sha,
        state: 'success',
        context: 'conformance',
        description: 'checked',
        targetUrl: 'https://ci.example.test/1',
      });
      // Error bodies are responses too.
      await settle(provider.getRepository(parseRepoRef('nobody%2Fnothing')));
      await settle(provider.getCommitDiff(repo, 'f'.repeat(40)));
      await provider.close();

      const appAuth = createGitHubAppAuth({
        appId: sim.app.id,
        privateKey: sim.app.privateKey,
        baseUrl,
        dispatcher: recorder.dispatcher,
      });
      const installations = createGitHubInstallations({
        appAuth,
        baseUrl,
        dispatcher: recorder.dispatcher,
      });
      const first = sim.app.installations[0];
      await installations.listInstallations({ limit: 10 });
      await installations.listInstallationRepositories(
        { owner: first?.account ?? '' },
        { limit: 5 },
      );
      // The organization scan's reads, on an organization's installation: a protected and an
      // unprotected default branch (404), collaborators with permissions, the owners.
      const orgInstallation = sim.app.installations.find((item) =>
        sim.dataset.organizations.some((org) => org.login === item.account),
      );
      const orgLogin = orgInstallation?.account ?? '';
      const orgTarget = { owner: orgLogin };
      for (const orgRepo of sim.dataset.repositories
        .filter((candidate) => candidate.owner === orgLogin)
        .slice(0, 3)) {
        await installations.getBranchProtection(orgTarget, {
          owner: orgLogin,
          repo: orgRepo.name,
          branch: orgRepo.defaultBranch,
        });
        await installations.listCollaborators(
          orgTarget,
          { owner: orgLogin, repo: orgRepo.name, affiliation: 'all' },
          { limit: 5 },
        );
      }
      await installations.listOrganizationMembers(
        orgTarget,
        { org: orgLogin, role: 'admin' },
        { limit: 5 },
      );
      await settle(appAuth.installationToken(123_456_789));
      await Promise.all([appAuth.close(), installations.close()]);
      await convertGitHubAppManifest({
        code: sim.issueManifestCode(),
        baseUrl,
        dispatcher: recorder.dispatcher,
      });
      // GraphQL (the deployments page) is outside the REST description, at `/graphql` on
      // GitHub.com and `/api/graphql` on GHES.
      const graphql = prefix === '' ? '/graphql' : prefix.replace(/\/v3$/, '/graphql');
      expect(recorder.exchanges.some((exchange) => exchange.path === graphql)).toBe(true);
      exchanges = recorder.exchanges
        .filter((exchange) => exchange.path !== graphql)
        .map((exchange) => {
          // Every request must stay under the base path; the description's paths start after it.
          expect(exchange.path.startsWith(`${prefix}/`), exchange.path).toBe(true);
          return { ...exchange, path: exchange.path.slice(prefix.length) };
        });
    }, 60_000);

    afterAll(async () => {
      await recorder.close();
      await sim.stop();
    });

    it('reaches every operation the adapter is built on', () => {
      const reached = new Set(
        exchanges.map((exchange) => openapi.match(exchange.method, exchange.path)?.operationId),
      );
      for (const operationId of EXPECTED_OPERATIONS)
        expect(reached, operationId).toContain(operationId);
    });

    it('calls only documented endpoints, and gets only documented statuses and schema-valid bodies', () => {
      const findings: Finding[] = [];
      for (const exchange of exchanges) {
        const matched = operationFor(openapi, exchange.method, exchange.path);
        const where = { method: exchange.method, path: exchange.path, status: exchange.status };
        if (matched === undefined) {
          findings.push({ ...where, operationId: '(none)', problem: 'undocumented endpoint' });
          continue;
        }
        let body: unknown = exchange.body;
        if (exchange.contentType.includes('json') && exchange.body !== '') {
          try {
            body = JSON.parse(exchange.body) as unknown;
          } catch {
            findings.push({
              ...where,
              operationId: matched.operationId,
              problem: 'body is not JSON',
            });
            continue;
          }
        }
        const result = openapi.check(matched, exchange.status, exchange.contentType, body);
        if (!result.documented)
          findings.push({
            ...where,
            operationId: matched.operationId,
            problem: 'undocumented status',
          });
        for (const error of result.errors)
          findings.push({ ...where, operationId: matched.operationId, problem: error });
      }
      const drifts = OPENAPI_ALLOWED_DRIFT.filter(
        (drift) => drift.descriptions?.includes(description) ?? true,
      );
      const covers = (drift: AllowedDrift, finding: Finding): boolean =>
        drift.operationId === finding.operationId &&
        drift.status === finding.status &&
        drift.problem.test(finding.problem);
      const allowed = (finding: Finding): boolean => drifts.some((drift) => covers(drift, finding));
      const unexpected = findings.filter((finding) => !allowed(finding));
      expect(unexpected).toEqual([]);
      // An allow-list entry nothing needs any more is removed, not kept silently.
      for (const drift of drifts)
        expect(
          findings.some((finding) => covers(drift, finding)),
          `stale allow-list entry: ${drift.operationId} ${String(drift.status)} ${String(drift.problem)}`,
        ).toBe(true);
    });
  },
);
