// Scalingo's searches answer one list: the gateway follows the provider's pages (100 each) up to
// 1,000 results, so an account with more than a page of repositories or pull requests sees them all.
import { generateDataset, type Dataset } from '@scm/testkit';
import { startGitHubSimulator, type GitHubSimulator } from '@scm/testkit/github';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, signUpDeveloper } from '../../test-support/flows.js';
import { startTestGateway, type TestGateway } from '../../test-support/gateway.js';
import { call } from '../../test-support/http.js';

/** The generated dataset with every repository moved to the viewer: well over one page. */
function viewerDataset(): Dataset {
  const dataset = generateDataset({
    seed: 176,
    repositories: 130,
    commitsPerRepository: 2,
    pullRequestsPerRepository: 3,
  });
  const viewer = dataset.viewer.login;
  const names = new Set<string>();
  for (const [index, repo] of dataset.repositories.entries()) {
    const name = names.has(repo.name) ? `${repo.name}-${index}` : repo.name;
    names.add(name);
    repo.name = name;
    repo.owner = viewer;
    repo.fullName = `${viewer}/${name}`;
  }
  return dataset;
}

describe('Scalingo searches past one provider page', () => {
  let ghes: GitHubSimulator;
  let gw: TestGateway;
  let session: string;
  let integrationId: string;

  beforeAll(async () => {
    ghes = await startGitHubSimulator({ dataset: viewerDataset() });
    gw = await startTestGateway();
    session = (await signUpDeveloper(gw)).token;
    const created = await call('POST', `${gw.url}/v1/scm_integrations`, {
      ...bearer(session),
      json: { scm_type: 'github-enterprise', url: ghes.webUrl, access_token: ghes.token },
    });
    expect(created.status, created.text).toBe(201);
    integrationId = created.json<{ scm_integration: { id: string } }>().scm_integration.id;
  });
  afterAll(async () => {
    await gw.close();
    await ghes.stop();
  });

  it('finds every repository and pull request, not the first 100', async () => {
    const viewer = ghes.dataset.viewer.login;
    const repos = await call(
      'GET',
      `${gw.url}/v1/scm_integrations/${integrationId}/search_repos?query=user:${viewer}+fork:true`,
      bearer(session),
    );
    expect(repos.status, repos.text).toBe(200);
    const names = repos
      .json<{ repositories: { fullName: string }[] }>()
      .repositories.map((repo) => repo.fullName);
    expect(names.length).toBeGreaterThan(100);
    expect(new Set(names)).toEqual(new Set(ghes.dataset.repositories.map((repo) => repo.fullName)));

    const pulls = await call(
      'GET',
      `${gw.url}/v1/scm_integrations/${integrationId}/search_pull_requests?query=is:open`,
      bearer(session),
    );
    expect(pulls.status, pulls.text).toBe(200);
    const open = ghes.dataset.repositories.flatMap((repo) =>
      repo.pullRequests.filter((pr) => pr.state === 'open'),
    );
    expect(open.length).toBeGreaterThan(100);
    const found = pulls.json<{ pull_requests: { html_url: string }[] }>().pull_requests;
    expect(found).toHaveLength(open.length);
    expect(new Set(found.map((pr) => pr.html_url)).size).toBe(open.length);
  });
});
