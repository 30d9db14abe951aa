import {
  isDefaultBranchProtected,
  organizationOwners,
  repositoryCollaborators,
  type DatasetPermission,
} from '../../dataset/governance.js';
import type { Route } from '../../server/simulator-server.js';
import { githubError, hostsOf, notFound, pageOf } from '../github-http.js';
import { accountFor, type Json } from '../render/common.js';
import type { RouteKit } from '../route-kit.js';

const PROTECTION_DOCS =
  'https://docs.github.com/rest/branches/branch-protection#get-branch-protection';
const LEVELS: readonly DatasetPermission[] = ['pull', 'triage', 'push', 'maintain', 'admin'];

/** `permissions` as GitHub renders a collaborator's: every level up to theirs is true. */
const permissionsOf = (permission: DatasetPermission) =>
  Object.fromEntries(
    LEVELS.map((level) => [level, LEVELS.indexOf(level) <= LEVELS.indexOf(permission)]),
  );

const ROLE_NAMES: Record<DatasetPermission, string> = {
  pull: 'read',
  triage: 'triage',
  push: 'write',
  maintain: 'maintain',
  admin: 'admin',
};

/**
 * Governance reads the organization scan needs: a branch's protection (404 "Branch not protected"
 * when it has none; only the default branch of some repositories is protected), a repository's
 * collaborators with their permissions (`affiliation` outside|direct|all), and an organization's
 * members (`role` all|admin|member). Derived from the dataset (dataset/governance.ts).
 */
export function governanceRoutes(kit: RouteKit): Route[] {
  const { dataset, get, repoRoute } = kit;
  return [
    // https://docs.github.com/en/rest/branches/branch-protection#get-branch-protection
    ...repoRoute('GET', '/branches/:branch/protection', (request, repo) => {
      const branch = request.params.branch ?? '';
      if (!repo.branches.some((candidate) => candidate.name === branch))
        return githubError(404, 'Branch not found', PROTECTION_DOCS);
      if (branch !== repo.defaultBranch || !isDefaultBranchProtected(repo))
        return githubError(404, 'Branch not protected', PROTECTION_DOCS);
      const url = `${hostsOf(request).api}/repos/${repo.fullName}/branches/${branch}/protection`;
      const flag = (enabled: boolean) => ({ enabled });
      const json: Json = {
        url,
        required_status_checks: {
          url: `${url}/required_status_checks`,
          strict: true,
          contexts: ['ci/build'],
          contexts_url: `${url}/required_status_checks/contexts`,
          checks: [{ context: 'ci/build', app_id: null }],
        },
        required_pull_request_reviews: {
          url: `${url}/required_pull_request_reviews`,
          dismiss_stale_reviews: true,
          require_code_owner_reviews: false,
          require_last_push_approval: false,
          required_approving_review_count: 1,
        },
        enforce_admins: { url: `${url}/enforce_admins`, enabled: repo.id % 2 === 0 },
        required_linear_history: flag(false),
        allow_force_pushes: flag(false),
        allow_deletions: flag(false),
        block_creations: flag(false),
        required_conversation_resolution: flag(false),
        lock_branch: flag(false),
        allow_fork_syncing: flag(false),
        required_signatures: {
          url: `${url}/required_signatures`,
          enabled: false,
        },
      };
      return { json };
    }),
    // https://docs.github.com/en/rest/collaborators/collaborators#list-repository-collaborators
    ...repoRoute('GET', '/collaborators', (request, repo) => {
      const affiliation = request.query.affiliation ?? 'all';
      if (!['outside', 'direct', 'all'].includes(affiliation))
        return githubError(422, 'Validation Failed');
      const listed = repositoryCollaborators(dataset, repo).filter((collaborator) =>
        affiliation === 'outside'
          ? collaborator.affiliation === 'outside'
          : affiliation === 'direct'
            ? collaborator.affiliation !== 'owner'
            : true,
      );
      const hosts = hostsOf(request);
      return pageOf(
        request,
        listed.map((collaborator) => ({
          ...accountFor(dataset, hosts, collaborator.login),
          permissions: permissionsOf(collaborator.permission),
          role_name: ROLE_NAMES[collaborator.permission],
        })),
      );
    }),
    // https://docs.github.com/en/rest/orgs/members#list-organization-members
    ...get('/orgs/:org/members', (request) => {
      const org = dataset.organizations.find((candidate) => candidate.login === request.params.org);
      if (org === undefined) return notFound();
      const role = request.query.role ?? 'all';
      if (!['all', 'admin', 'member'].includes(role)) return githubError(422, 'Validation Failed');
      const owners = organizationOwners(dataset, org.login);
      const logins = org.members
        .filter((login) =>
          role === 'admin'
            ? owners.includes(login)
            : role === 'member'
              ? !owners.includes(login)
              : true,
        )
        .sort();
      const hosts = hostsOf(request);
      return pageOf(
        request,
        logins.map((login) => accountFor(dataset, hosts, login)),
      );
    }),
  ];
}
