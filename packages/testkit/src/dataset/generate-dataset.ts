import { createHash } from 'node:crypto';
import {
  commitMessage,
  editContent,
  fileContent,
  INITIAL_PATHS,
  newFilePath,
  word,
} from './content.js';
import { deriveSha, diffTrees, gitBlobSha } from './diff.js';
import { createPrng, type Prng } from './prng.js';
import type {
  Dataset,
  DatasetBranch,
  DatasetCheck,
  DatasetCheckConclusion,
  DatasetCommit,
  DatasetContributor,
  DatasetDeployment,
  DatasetDeploymentState,
  DatasetOptions,
  DatasetOrganization,
  DatasetPerson,
  DatasetPullRequest,
  DatasetPullRequestState,
  DatasetRelease,
  DatasetRepository,
  DatasetSshKey,
  DatasetTag,
  DatasetTreeFile,
  DatasetUser,
  DatasetViewer,
} from './types.js';

const FIRST_NAMES = [
  'Ada',
  'Grace',
  'Linus',
  'Margaret',
  'Ken',
  'Barbara',
  'Dennis',
  'Frances',
  'Edsger',
  'Radia',
  'Alan',
  'Hedy',
];
const LAST_NAMES = [
  'Lovelace',
  'Hopper',
  'Torvalds',
  'Hamilton',
  'Thompson',
  'Liskov',
  'Ritchie',
  'Allen',
  'Dijkstra',
  'Perlman',
  'Kay',
  'Lamarr',
];
const ORG_NAMES = ['acme', 'globex', 'initech', 'umbrella', 'hooli', 'stark-labs'];
const REPO_NAMES = [
  'api',
  'web',
  'infra',
  'billing',
  'mobile-app',
  'data-pipeline',
  'auth-service',
  'cli',
  'design-system',
  'search',
];
const CHECK_RUNS = ['build', 'test', 'lint', 'typecheck', 'e2e', 'security-scan'];
const STATUS_CONTEXTS = ['ci/circleci', 'coverage', 'deploy/preview'];
const LABELS = ['bug', 'enhancement', 'docs', 'security', 'dependencies'];
const ENVIRONMENTS = ['production', 'staging', 'preview'];
const HOUR = 3_600_000;
// A hostname under the reserved `.test` TLD: data only, nothing ever connects to it.
const EMAIL_DOMAIN = 'example.test';

/** `2024-01-01T00:00:00Z`: whole seconds, no milliseconds, as providers print them. */
function iso(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

function uuidFrom(...parts: readonly (string | number)[]): string {
  const hex = deriveSha('uuid', ...parts);
  return `{${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}}`;
}

interface Context {
  prng: Prng;
  seed: number;
  nextId: () => number;
  users: DatasetUser[];
}

/**
 * Builds the seeded dataset every simulator serves. Pure: the same options give a deep-equal
 * dataset, and nothing reads the clock or `Math.random`.
 *
 * Simplifications, on purpose: each default branch is linear (merged pull requests leave no merge
 * commit), every feature branch forks from the default branch, and every repository is visible
 * to the viewer.
 */
export function generateDataset(options: DatasetOptions): Dataset {
  const { seed } = options;
  const prng = createPrng(seed);
  const start = Date.parse(options.startDate ?? '2024-01-01T00:00:00Z');
  let id = 1000 + prng.int(0, 8999);
  const nextId = (): number => (id += prng.int(1, 9));

  const userCount = Math.max(2, options.owners?.users ?? 6);
  const users: DatasetUser[] = [];
  const logins = new Set<string>();
  for (let index = 0; index < userCount; index++) {
    const first = prng.pick(FIRST_NAMES);
    const last = prng.pick(LAST_NAMES);
    let login = `${first}-${last}`.toLowerCase();
    if (logins.has(login)) login = `${login}-${index}`;
    logins.add(login);
    users.push({
      id: nextId(),
      login,
      name: `${first} ${last}`,
      email: `${login}@${EMAIL_DOMAIN}`,
      createdAt: iso(start - (400 - index) * 24 * HOUR),
    });
  }
  const viewerUser = users[0] as DatasetUser;

  const orgCount = Math.max(1, Math.min(ORG_NAMES.length, options.owners?.organizations ?? 3));
  const organizations: DatasetOrganization[] = [];
  for (let index = 0; index < orgCount; index++) {
    const login = ORG_NAMES[index] as string;
    const members = users
      .filter((user, userIndex) => userIndex > 0 && prng.chance(0.6))
      .map((user) => user.login);
    // The viewer belongs to every organization but the last, so one is foreign.
    if (index < orgCount - 1 || orgCount === 1) members.unshift(viewerUser.login);
    organizations.push({
      id: nextId(),
      login,
      name: `${login.charAt(0).toUpperCase()}${login.slice(1)} Inc.`,
      description: `${login} builds ${word(prng)} software.`,
      members,
      createdAt: iso(start - (300 - index) * 24 * HOUR),
    });
  }

  const viewer: DatasetViewer = {
    ...viewerUser,
    sshKeys: sshKeys(prng, nextId, start),
    organizations: organizations
      .filter((org) => org.members.includes(viewerUser.login))
      .map((org) => org.login),
  };

  const context: Context = { prng, seed, nextId, users };
  const repositoryCount = Math.max(2, options.repositories ?? 8);
  const owners: { login: string; type: 'user' | 'organization' }[] = [
    { login: viewerUser.login, type: 'user' },
    ...organizations.map((org) => ({ login: org.login, type: 'organization' as const })),
  ];
  const repositories: DatasetRepository[] = [];
  for (let index = 0; index < repositoryCount; index++) {
    const owner = owners[index % owners.length] as (typeof owners)[number];
    const baseName = REPO_NAMES[index % REPO_NAMES.length] as string;
    const name =
      index < REPO_NAMES.length
        ? baseName
        : `${baseName}-${Math.floor(index / REPO_NAMES.length) + 1}`;
    repositories.push(
      generateRepository(context, {
        index,
        owner: owner.login,
        ownerType: owner.type,
        name,
        start: start + index * 24 * HOUR,
        commitCount: Math.max(6, options.commitsPerRepository ?? 24),
        pullRequestCount: Math.max(3, options.pullRequestsPerRepository ?? 10),
      }),
    );
  }

  return { seed, viewer, users, organizations, repositories };
}

function sshKeys(prng: Prng, nextId: () => number, start: number): DatasetSshKey[] {
  return ['laptop', 'workstation', 'ci-deploy'].map((title, index) => {
    const type = Buffer.from('ssh-ed25519');
    const publicKey = Buffer.from(prng.hex(64), 'hex');
    const blob = Buffer.concat([
      lengthPrefix(type.length),
      type,
      lengthPrefix(publicKey.length),
      publicKey,
    ]);
    return {
      id: nextId(),
      title,
      key: `ssh-ed25519 ${blob.toString('base64')} ${title}`,
      fingerprint: `SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`,
      createdAt: iso(start - (100 - index * 10) * 24 * HOUR),
    };
  });
}

function lengthPrefix(length: number): Buffer {
  const buffer = Buffer.alloc(4);
  buffer.writeUInt32BE(length);
  return buffer;
}

interface RepositoryPlan {
  index: number;
  owner: string;
  ownerType: 'user' | 'organization';
  name: string;
  start: number;
  commitCount: number;
  pullRequestCount: number;
}

function person(user: DatasetUser): DatasetPerson {
  return { login: user.login, name: user.name, email: user.email };
}

function generateRepository(context: Context, plan: RepositoryPlan): DatasetRepository {
  const { prng, nextId, users } = context;
  const fullName = `${plan.owner}/${plan.name}`;
  const repositoryId = nextId() * 10 + plan.index;
  const blobs: Record<string, string> = {};
  const commitsBySha = new Map<string, DatasetCommit>();
  // An account-less git identity, as in a real history (a CI bot, an old email).
  const bot: DatasetPerson = {
    login: null,
    name: 'Release Bot',
    email: `release-bot@ci.${EMAIL_DOMAIN}`,
  };

  const writeTree = (files: ReadonlyMap<string, string>): DatasetTreeFile[] =>
    [...files.keys()].sort().map((path) => {
      const content = files.get(path) ?? '';
      const sha = gitBlobSha(content);
      blobs[sha] = content;
      return {
        path,
        sha,
        size: Buffer.byteLength(content),
        mode: path.endsWith('.sh') ? '100755' : '100644',
      };
    });

  const commit = (
    parent: DatasetCommit | undefined,
    files: Map<string, string>,
    message: string,
    author: DatasetPerson,
    at: number,
  ): DatasetCommit => {
    const tree = writeTree(files);
    const sha = deriveSha(
      'commit',
      context.seed,
      fullName,
      commitsBySha.size,
      parent?.sha ?? '',
      message,
      at,
    );
    const created: DatasetCommit = {
      sha,
      message,
      author,
      committer: author,
      authoredAt: iso(at),
      committedAt: iso(at),
      parents: parent === undefined ? [] : [parent.sha],
      files: diffTrees(parent?.tree ?? [], tree, blobs),
      tree,
    };
    commitsBySha.set(sha, created);
    return created;
  };

  const change = (files: Map<string, string>): void => {
    const edits = prng.int(1, 3);
    for (let count = 0; count < edits; count++) {
      const roll = prng.next();
      const paths = [...files.keys()];
      const removable = paths.filter(
        (path) => !(INITIAL_PATHS as readonly string[]).includes(path),
      );
      if (roll < 0.1 && removable.length > 0) {
        files.delete(prng.pick(removable));
      } else if (roll < 0.4) {
        const path = newFilePath(prng);
        files.set(path, fileContent(prng, path, plan.name));
      } else {
        const path = prng.pick(paths);
        files.set(path, editContent(prng, path, files.get(path) ?? ''));
      }
    }
  };

  // The default branch: a linear history.
  const contributors = users.filter(() => prng.chance(0.7));
  if (contributors.length === 0) contributors.push(users[0] as DatasetUser);
  const files = new Map<string, string>();
  for (const path of INITIAL_PATHS) files.set(path, fileContent(prng, path, plan.name));
  const mainline: DatasetCommit[] = [];
  let time = plan.start;
  for (let index = 0; index < plan.commitCount; index++) {
    if (index > 0) change(files);
    const author = index % 7 === 6 ? bot : person(prng.pick(contributors));
    const message = index === 0 ? 'Initial commit' : commitMessage(prng);
    mainline.push(commit(mainline[index - 1], files, message, author, time));
    time += prng.int(1, 6) * HOUR + prng.int(0, 3599) * 1000;
  }
  const head = mainline[mainline.length - 1] as DatasetCommit;
  const branches: DatasetBranch[] = [
    { name: 'main', sha: head.sha, protected: true },
    {
      name: 'develop',
      sha: (mainline[Math.max(0, mainline.length - 4)] as DatasetCommit).sha,
      protected: true,
    },
  ];

  // Feature branches, one per pull request.
  const pullRequests: DatasetPullRequest[] = [];
  const states: DatasetPullRequestState[] = ['open', 'merged', 'closed'];
  for (let index = 0; index < plan.pullRequestCount; index++) {
    const fork = mainline[prng.int(1, mainline.length - 2)] as DatasetCommit;
    const forkFiles = new Map(fork.tree.map((file) => [file.path, blobs[file.sha] ?? '']));
    const author = prng.pick(contributors);
    const topic = `${word(prng)}-${index + 1}`;
    const branchName = `feature/${topic}`;
    let tip = fork;
    let at = Date.parse(fork.committedAt) + prng.int(1, 50) * 60_000;
    const createdAt = at;
    for (let count = prng.int(1, 3); count > 0; count--) {
      change(forkFiles);
      tip = commit(tip, forkFiles, commitMessage(prng), person(author), at);
      at += prng.int(10, 120) * 60_000;
    }
    branches.push({ name: branchName, sha: tip.sha, protected: false });
    const state = states[index % states.length] as DatasetPullRequestState;
    const updatedAt = at + HOUR;
    pullRequests.push({
      id: nextId(),
      number: index + 1,
      title: `${prng.pick(['Add', 'Fix', 'Improve', 'Rework'])} ${topic.replace(/-\d+$/, '')} (${index + 1})`,
      body: prng.chance(0.8)
        ? `Changes the ${word(prng)} flow.\n\nCloses #${prng.int(100, 999)}.`
        : null,
      state,
      draft: state === 'open' && index % 4 === 3,
      author: author.login,
      sourceBranch: branchName,
      targetBranch: 'main',
      headSha: tip.sha,
      baseSha: fork.sha,
      labels: LABELS.filter(() => prng.chance(0.25)),
      createdAt: iso(createdAt),
      updatedAt: iso(updatedAt),
      mergedAt: state === 'merged' ? iso(updatedAt) : null,
      closedAt: state === 'open' ? null : iso(updatedAt),
      files: diffTrees(fork.tree, tip.tree, blobs),
    });
  }

  const commits = [...commitsBySha.values()].sort(
    (a, b) => b.committedAt.localeCompare(a.committedAt) || a.sha.localeCompare(b.sha),
  );

  const contributions = new Map<string, number>();
  for (const item of commits) {
    const login = item.author.login;
    if (login !== null) contributions.set(login, (contributions.get(login) ?? 0) + 1);
  }
  const contributorList: DatasetContributor[] = users
    .filter((user) => contributions.has(user.login))
    .map((user) => ({
      userId: user.id,
      login: user.login,
      name: user.name,
      email: user.email,
      contributions: contributions.get(user.login) ?? 0,
    }))
    .sort((a, b) => b.contributions - a.contributions || a.login.localeCompare(b.login));

  const tags: DatasetTag[] = [];
  const releases: DatasetRelease[] = [];
  for (let index = 2, version = 1; index < mainline.length; index += 3, version++) {
    const target = mainline[index] as DatasetCommit;
    const name = `v0.${version}.0`;
    const createdAt = iso(Date.parse(target.committedAt) + 10 * 60_000);
    tags.push({
      name,
      sha: target.sha,
      message: version % 2 === 0 ? `Release ${name}` : null,
      createdAt,
    });
    if (version === 1) continue;
    const last = index + 3 >= mainline.length;
    releases.push({
      id: nextId(),
      tagName: name,
      name: `${plan.name} ${name}`,
      body: `## Changes\n\n- ${commitMessage(prng).split('\n')[0] ?? ''}\n`,
      draft: last,
      prerelease: version === 3,
      author: (contributors[version % contributors.length] as DatasetUser).login,
      createdAt,
      publishedAt: last ? null : createdAt,
    });
  }
  tags.reverse();
  releases.reverse();

  const checks: DatasetCheck[] = [];
  const addChecks = (
    sha: string,
    runs: readonly string[],
    statuses: readonly string[],
    at: number,
  ): void => {
    for (const name of runs) checks.push(makeCheck(prng, nextId(), 'check_run', name, sha, at));
    for (const name of statuses)
      checks.push(makeCheck(prng, nextId(), 'commit_status', name, sha, at));
  };
  addChecks(head.sha, CHECK_RUNS, STATUS_CONTEXTS, Date.parse(head.committedAt));
  for (const older of mainline.slice(-4, -1))
    addChecks(older.sha, CHECK_RUNS.slice(0, 2), [], Date.parse(older.committedAt));
  for (const branch of branches.slice(2)) {
    const tip = commitsBySha.get(branch.sha);
    if (tip !== undefined)
      addChecks(
        tip.sha,
        CHECK_RUNS.slice(0, 2),
        STATUS_CONTEXTS.slice(0, 1),
        Date.parse(tip.committedAt),
      );
  }

  const environments = ENVIRONMENTS.map((name) => ({ id: nextId(), name }));
  const deployments: DatasetDeployment[] = [];
  for (let index = 0; index < 14; index++) {
    const environment = ENVIRONMENTS[index % ENVIRONMENTS.length] as string;
    const preview = environment === 'preview';
    const branch = preview
      ? (branches[2 + (index % (branches.length - 2))] as DatasetBranch)
      : undefined;
    const target =
      branch === undefined
        ? (mainline[Math.min(mainline.length - 1, 3 + index)] as DatasetCommit)
        : (commitsBySha.get(branch.sha) as DatasetCommit);
    const createdAt = Date.parse(target.committedAt) + 15 * 60_000;
    const final: DatasetDeploymentState = prng.pick([
      'success',
      'success',
      'success',
      'failure',
      'error',
    ]);
    const sequence: DatasetDeploymentState[] = ['pending', 'in_progress', final];
    if (index === 13) sequence.splice(1);
    else if (final === 'success' && environment === 'production' && index < 9)
      sequence.push('inactive');
    const statuses = sequence.map((state, step) => ({
      id: nextId(),
      state,
      description: `Deployment ${state}`,
      createdAt: iso(createdAt + step * 5 * 60_000),
    }));
    const lastStatus = statuses[statuses.length - 1] as (typeof statuses)[number];
    deployments.push({
      id: nextId(),
      environment,
      ref: branch?.name ?? 'main',
      sha: target.sha,
      creator: (contributors[index % contributors.length] as DatasetUser).login,
      createdAt: iso(createdAt),
      updatedAt: lastStatus.createdAt,
      statuses,
      state: lastStatus.state,
    });
  }
  deployments.reverse();

  const visibilities = ['public', 'private', 'internal'] as const;
  return {
    id: repositoryId,
    uuid: uuidFrom(context.seed, repositoryId),
    owner: plan.owner,
    ownerType: plan.ownerType,
    name: plan.name,
    fullName,
    description: `The ${plan.name} of ${plan.owner}: ${word(prng)} and ${word(prng)}.`,
    visibility:
      plan.ownerType === 'user'
        ? 'public'
        : (visibilities[plan.index % 3] as (typeof visibilities)[number]),
    defaultBranch: 'main',
    archived: plan.index === 3,
    fork: plan.index === 4,
    createdAt: iso(plan.start - HOUR),
    updatedAt: iso(time),
    pushedAt: commits[0]?.committedAt ?? iso(time),
    branches,
    commits,
    pullRequests,
    contributors: contributorList,
    tags,
    releases,
    checks,
    deployments,
    environments,
    blobs,
  };
}

function makeCheck(
  prng: Prng,
  id: number,
  kind: DatasetCheck['kind'],
  name: string,
  sha: string,
  at: number,
): DatasetCheck {
  const roll = prng.next();
  const status = roll < 0.1 ? 'queued' : roll < 0.2 ? 'in_progress' : 'completed';
  const conclusion: DatasetCheckConclusion | null =
    status === 'completed'
      ? prng.pick([
          'success',
          'success',
          'success',
          'failure',
          'neutral',
          'skipped',
          'cancelled',
          'timed_out',
        ] as const)
      : null;
  const startedAt = status === 'queued' ? null : iso(at + prng.int(1, 60) * 1000);
  return {
    id,
    kind,
    name,
    sha,
    status,
    conclusion,
    description: kind === 'commit_status' ? `${name}: ${conclusion ?? status}` : null,
    startedAt,
    completedAt: status === 'completed' ? iso(at + prng.int(61, 900) * 1000) : null,
  };
}
