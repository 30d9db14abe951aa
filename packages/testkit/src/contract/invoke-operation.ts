import type { Operation, RepoRef, ScmProvider } from '@scm/core';

export interface InvokeContext {
  repo: RepoRef;
  sha: string;
  pullRequestNumber: number;
}

/** Calls any operation with plausible arguments: for checking what an unsupported one does. */
export function invokeOperation(
  provider: ScmProvider,
  operation: Operation,
  context: InvokeContext,
): Promise<unknown> {
  const { repo, sha, pullRequestNumber: number } = context;
  const page = { limit: 10 };
  switch (operation) {
    case 'getViewer':
      return provider.getViewer();
    case 'listRepositories':
      return provider.listRepositories(page);
    case 'getRepository':
      return provider.getRepository(repo);
    case 'listBranches':
      return provider.listBranches(repo, page);
    case 'listCommits':
      return provider.listCommits(repo, page);
    case 'getCommitDiff':
      return provider.getCommitDiff(repo, sha);
    case 'listPullRequests':
      return provider.listPullRequests(repo, page);
    case 'getPullRequestDiff':
      return provider.getPullRequestDiff(repo, number);
    case 'listContributors':
      return provider.listContributors(repo, page);
    case 'listTags':
      return provider.listTags(repo, page);
    case 'listReleases':
      return provider.listReleases(repo, page);
    case 'listChecks':
      return provider.listChecks(repo, page);
    case 'listDeployments':
      return provider.listDeployments(repo, page);
    case 'listFileTree':
      return provider.listFileTree(repo, page);
    case 'getFileContent':
      return provider.getFileContent(repo, { path: 'README.md' });
    case 'listOrganizations':
      return provider.listOrganizations(page);
    case 'searchPullRequests':
      return provider.searchPullRequests(page);
    case 'listSshKeys':
      return provider.listSshKeys();
    case 'createWebhook':
      return provider.createWebhook(repo, {
        callbackUrl: 'https://hooks.example.test/in',
        events: ['push'],
        active: true,
      });
    case 'deleteWebhook':
      return provider.deleteWebhook(repo, 'contract-suite-hook');
    case 'createComment':
      return provider.createComment(repo, { number, body: 'From the contract suite' });
    case 'addLabels':
      return provider.addLabels(repo, { number, labels: ['contract'] });
    case 'setCommitStatus':
      return provider.setCommitStatus(repo, { sha, state: 'success', context: 'contract/suite' });
  }
}
