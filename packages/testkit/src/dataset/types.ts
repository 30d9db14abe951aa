/**
 * The seeded dataset every simulator renders into its own wire format. Provider-neutral: plain
 * values, ISO timestamps (UTC, `Z`), numeric ids plus a braced UUID for providers that use those.
 */

export interface DatasetUser {
  id: number;
  login: string;
  name: string;
  email: string;
  createdAt: string;
}

export interface DatasetOrganization {
  id: number;
  login: string;
  name: string;
  description: string;
  /** Logins of member users. */
  members: string[];
  createdAt: string;
}

export interface DatasetSshKey {
  id: number;
  title: string;
  /** OpenSSH public key line (`ssh-ed25519 AAAA… title`). */
  key: string;
  /** `SHA256:<base64>` as `ssh-keygen -lf` prints it. */
  fingerprint: string;
  createdAt: string;
}

export interface DatasetViewer extends DatasetUser {
  sshKeys: DatasetSshKey[];
  /** Logins of the organizations the viewer belongs to. */
  organizations: string[];
}

/** A git identity; `login` is null when the email matches no account. */
export interface DatasetPerson {
  login: string | null;
  name: string;
  email: string;
}

export type DatasetDiffStatus = 'added' | 'modified' | 'removed';

export interface DatasetDiffFile {
  path: string;
  previousPath: string | null;
  status: DatasetDiffStatus;
  additions: number;
  deletions: number;
  binary: boolean;
  /** The file's unified-diff hunks (from the first `@@`), as GitHub's `patch` field has them. */
  patch: string;
}

export interface DatasetTreeFile {
  path: string;
  /** The git blob sha of the content. */
  sha: string;
  size: number;
  mode: '100644' | '100755';
}

export interface DatasetCommit {
  sha: string;
  message: string;
  author: DatasetPerson;
  committer: DatasetPerson;
  authoredAt: string;
  committedAt: string;
  /** First parent first. */
  parents: string[];
  /** The change against the first parent. */
  files: DatasetDiffFile[];
  /** Every file at this commit, sorted by path. Contents are in `DatasetRepository.blobs`. */
  tree: DatasetTreeFile[];
}

export interface DatasetBranch {
  name: string;
  sha: string;
  protected: boolean;
}

export type DatasetPullRequestState = 'open' | 'closed' | 'merged';

export interface DatasetPullRequest {
  id: number;
  number: number;
  title: string;
  body: string | null;
  state: DatasetPullRequestState;
  draft: boolean;
  author: string;
  sourceBranch: string;
  targetBranch: string;
  headSha: string;
  /** The target-branch commit the source branch forked from. */
  baseSha: string;
  labels: string[];
  createdAt: string;
  updatedAt: string;
  mergedAt: string | null;
  closedAt: string | null;
  /** The change from `baseSha` to `headSha`. */
  files: DatasetDiffFile[];
}

export interface DatasetContributor {
  userId: number;
  login: string;
  name: string;
  email: string;
  contributions: number;
}

export interface DatasetTag {
  name: string;
  sha: string;
  /** Annotated tags have a message; lightweight ones do not. */
  message: string | null;
  createdAt: string;
}

export interface DatasetRelease {
  id: number;
  tagName: string;
  name: string;
  body: string;
  draft: boolean;
  prerelease: boolean;
  author: string;
  createdAt: string;
  publishedAt: string | null;
}

export type DatasetCheckStatus = 'queued' | 'in_progress' | 'completed';
export type DatasetCheckConclusion =
  'success' | 'failure' | 'neutral' | 'cancelled' | 'skipped' | 'timed_out';

export interface DatasetCheck {
  id: number;
  /** A check run (GitHub Checks API) or a commit status. */
  kind: 'check_run' | 'commit_status';
  name: string;
  sha: string;
  status: DatasetCheckStatus;
  conclusion: DatasetCheckConclusion | null;
  description: string | null;
  startedAt: string | null;
  completedAt: string | null;
}

export type DatasetDeploymentState =
  'pending' | 'queued' | 'in_progress' | 'success' | 'failure' | 'error' | 'inactive';

export interface DatasetDeploymentStatus {
  id: number;
  state: DatasetDeploymentState;
  description: string;
  createdAt: string;
}

export interface DatasetDeployment {
  id: number;
  environment: string;
  ref: string;
  sha: string;
  creator: string;
  createdAt: string;
  updatedAt: string;
  /** Oldest first; the last one is the deployment's state. */
  statuses: DatasetDeploymentStatus[];
  state: DatasetDeploymentState;
}

export interface DatasetEnvironment {
  id: number;
  name: string;
}

export interface DatasetRepository {
  id: number;
  /** Braced UUID, for providers whose stable ids are UUIDs (Bitbucket). */
  uuid: string;
  owner: string;
  ownerType: 'user' | 'organization';
  name: string;
  /** `owner/name`. */
  fullName: string;
  description: string;
  visibility: 'public' | 'private' | 'internal';
  defaultBranch: string;
  archived: boolean;
  fork: boolean;
  createdAt: string;
  updatedAt: string;
  pushedAt: string;
  branches: DatasetBranch[];
  /** Every commit of every branch, newest first. */
  commits: DatasetCommit[];
  pullRequests: DatasetPullRequest[];
  contributors: DatasetContributor[];
  tags: DatasetTag[];
  releases: DatasetRelease[];
  checks: DatasetCheck[];
  deployments: DatasetDeployment[];
  environments: DatasetEnvironment[];
  /** Blob sha → file content. */
  blobs: Record<string, string>;
}

export interface Dataset {
  seed: number;
  viewer: DatasetViewer;
  /** Every user, the viewer included. */
  users: DatasetUser[];
  organizations: DatasetOrganization[];
  repositories: DatasetRepository[];
}

export interface DatasetOptions {
  seed: number;
  /** How many users (viewer included) and organizations. Defaults 6 and 3. */
  owners?: { users?: number; organizations?: number };
  /** Default 8 (at least 2). */
  repositories?: number;
  /** Commits on each default branch. Default 24. */
  commitsPerRepository?: number;
  /** Pull requests (one feature branch each) per repository. Default 10 (at least 3). */
  pullRequestsPerRepository?: number;
  /** Timestamp of the first event; default 2024-01-01T00:00:00Z. */
  startDate?: string;
}
