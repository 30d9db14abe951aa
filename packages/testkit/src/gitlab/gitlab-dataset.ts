import type { Dataset, DatasetDeploymentState, DatasetOrganization } from '../dataset/types.js';

/** The subgroup every organization with two or more repositories gets. */
export const SUBGROUP_PATH = 'platform';

export interface GitLabGroup {
  id: number;
  /** The last path segment. */
  path: string;
  /** `acme` or `acme/platform`. */
  fullPath: string;
  name: string;
  description: string;
  parentId: number | null;
  createdAt: string;
}

export interface GitLabWorld {
  /** The dataset as GitLab shows it: subgroup projects renamed, deployment states GitLab's. */
  dataset: Dataset;
  groups: GitLabGroup[];
}

// GitLab has no `error`, `inactive` or `queued` deployment: a failed deployment is `failed`, a
// superseded one stays `success`, a queued one is `created` (https://docs.gitlab.com/api/deployments/).
const DEPLOYMENT_STATE: Readonly<Record<DatasetDeploymentState, DatasetDeploymentState>> = {
  pending: 'pending',
  queued: 'pending',
  in_progress: 'in_progress',
  success: 'success',
  failure: 'failure',
  error: 'failure',
  inactive: 'success',
};

const SUBGROUP_ID_OFFSET = 9_000_000;

/**
 * The shared dataset has flat owners; GitLab nests groups. Derived deterministically: each
 * organization is a top-level group, and the last of its repositories (when it has two or more)
 * moves into its subgroup `<org>/platform`, so paths like `acme/platform/data-pipeline` are
 * served and tested. The source dataset is not modified.
 */
export function deriveGitLabWorld(source: Dataset): GitLabWorld {
  const dataset = structuredClone(source);
  const groups: GitLabGroup[] = [];
  const subgroups: DatasetOrganization[] = [];
  for (const org of dataset.organizations) {
    groups.push({
      id: org.id,
      path: org.login,
      fullPath: org.login,
      name: org.name,
      description: org.description,
      parentId: null,
      createdAt: org.createdAt,
    });
    const owned = dataset.repositories.filter(
      (repo) => repo.ownerType === 'organization' && repo.owner === org.login,
    );
    const moved = owned.length >= 2 ? owned[owned.length - 1] : undefined;
    if (moved === undefined) continue;
    const fullPath = `${org.login}/${SUBGROUP_PATH}`;
    const subgroup: GitLabGroup = {
      id: SUBGROUP_ID_OFFSET + org.id,
      path: SUBGROUP_PATH,
      fullPath,
      name: `${org.name} Platform`,
      description: `Platform projects of ${org.name}`,
      parentId: org.id,
      createdAt: org.createdAt,
    };
    groups.push(subgroup);
    subgroups.push({
      id: subgroup.id,
      login: fullPath,
      name: subgroup.name,
      description: subgroup.description,
      members: [...org.members],
      createdAt: org.createdAt,
    });
    if (dataset.viewer.organizations.includes(org.login))
      dataset.viewer.organizations.push(fullPath);
    moved.owner = fullPath;
    moved.fullName = `${fullPath}/${moved.name}`;
  }
  dataset.organizations.push(...subgroups);
  for (const repo of dataset.repositories) {
    for (const deployment of repo.deployments) {
      deployment.state = DEPLOYMENT_STATE[deployment.state];
    }
  }
  return { dataset, groups };
}
