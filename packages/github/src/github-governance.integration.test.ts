import { paginate } from '@scm/core';
import {
  isDefaultBranchProtected,
  organizationOwners,
  repositoryCollaborators,
} from '@scm/testkit';
import { startGitHubSimulator, type GitHubSimulator } from '@scm/testkit/github';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGitHubAppAuth } from './github-app-auth.js';
import { createGitHubInstallations } from './github-installations.js';

// The organization scan's reads (branch protection, collaborators with permissions, organization
// owners) as an installation, against the simulator's dataset-derived governance.
describe('GitHub governance reads as an installation', () => {
  let sim: GitHubSimulator;
  beforeAll(async () => {
    sim = await startGitHubSimulator();
  });
  afterAll(async () => {
    await sim.stop();
  });

  const setup = () => {
    const appAuth = createGitHubAppAuth({
      appId: sim.app.id,
      privateKey: sim.app.privateKey,
      baseUrl: sim.baseUrl,
    });
    const installations = createGitHubInstallations({ appAuth, baseUrl: sim.baseUrl });
    return { installations, close: () => Promise.all([appAuth.close(), installations.close()]) };
  };

  it('reads protection, collaborators and owners as the dataset has them', async () => {
    const { installations, close } = setup();
    try {
      const org = sim.dataset.organizations[0];
      if (org === undefined) throw new Error('no organization');
      const target = { owner: org.login };
      const owners = await installations.listOrganizationMembers(
        target,
        { org: org.login, role: 'admin' },
        { limit: 100 },
      );
      expect(owners.items.map((item) => item.login)).toEqual(
        organizationOwners(sim.dataset, org.login),
      );
      const repos = sim.dataset.repositories.filter((repo) => repo.owner === org.login);
      expect(repos.length).toBeGreaterThan(0);
      for (const repo of repos) {
        const protection = await installations.getBranchProtection(target, {
          owner: org.login,
          repo: repo.name,
          branch: repo.defaultBranch,
        });
        expect(protection.protected).toBe(isDefaultBranchProtected(repo));
        const collaborators = [];
        for await (const item of paginate(
          (query) =>
            installations.listCollaborators(target, { owner: org.login, repo: repo.name }, query),
          { limit: 2 },
        ))
          collaborators.push(item);
        expect(
          collaborators.map((item) => ({ login: item.login, admin: item.permissions.admin })),
        ).toEqual(
          repositoryCollaborators(sim.dataset, repo).map((item) => ({
            login: item.login,
            admin: item.permission === 'admin',
          })),
        );
        const outside = await installations.listCollaborators(
          target,
          { owner: org.login, repo: repo.name, affiliation: 'outside' },
          { limit: 100 },
        );
        expect(outside.items.every((item) => !org.members.includes(item.login))).toBe(true);
      }
      const unprotected = await installations.getBranchProtection(target, {
        owner: org.login,
        repo: repos[0]?.name ?? '',
        branch: 'no-such-branch',
      });
      expect(unprotected.protected).toBe(false);
    } finally {
      await close();
    }
  });
});
