import { describe, expect, it } from 'vitest';
import { toLines } from './diff.js';
import { generateDataset } from './generate-dataset.js';
import { commitsOnBranch, treeEntries } from './queries.js';
import type { DatasetCommit, DatasetDiffFile, DatasetRepository } from './types.js';

/** Applies one file's single-hunk-per-change patch: enough to prove the patches are real. */
function applyPatch(oldContent: string, patch: string): string {
  const before = toLines(oldContent);
  const after: string[] = [];
  const lines = toLines(patch);
  let cursor = 0;
  for (let index = 0; index < lines.length; index++) {
    const header = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@$/.exec(lines[index] ?? '');
    if (header === null) throw new Error(`bad hunk header: ${lines[index] ?? ''}`);
    const oldStart = Number(header[1]);
    const oldCount = header[2] === undefined ? 1 : Number(header[2]);
    const firstOld = oldCount === 0 ? oldStart : oldStart - 1;
    while (cursor < firstOld) after.push(before[cursor++] ?? '');
    let seenOld = 0;
    let seenNew = 0;
    const newCount = header[4] === undefined ? 1 : Number(header[4]);
    while (seenOld < oldCount || seenNew < newCount) {
      const line = lines[++index] ?? '';
      const body = line.slice(1);
      if (line.startsWith(' ')) {
        expect(before[cursor]).toBe(body);
        after.push(body);
        cursor++;
        seenOld++;
        seenNew++;
      } else if (line.startsWith('-')) {
        expect(before[cursor]).toBe(body);
        cursor++;
        seenOld++;
      } else if (line.startsWith('+')) {
        after.push(body);
        seenNew++;
      } else throw new Error(`bad hunk line: ${line}`);
    }
  }
  while (cursor < before.length) after.push(before[cursor++] ?? '');
  return after.length === 0 ? '' : `${after.join('\n')}\n`;
}

function contentAt(
  repo: DatasetRepository,
  commit: DatasetCommit | undefined,
  path: string,
): string {
  const file = commit?.tree.find((entry) => entry.path === path);
  return file === undefined ? '' : (repo.blobs[file.sha] ?? '');
}

function checkDiff(
  repo: DatasetRepository,
  base: DatasetCommit | undefined,
  head: DatasetCommit,
  files: DatasetDiffFile[],
): void {
  for (const file of files) {
    const result = applyPatch(contentAt(repo, base, file.path), file.patch);
    expect(result).toBe(contentAt(repo, head, file.path));
    const body = toLines(file.patch).filter((line) => !line.startsWith('@@'));
    expect(body.filter((line) => line.startsWith('+'))).toHaveLength(file.additions);
    expect(body.filter((line) => line.startsWith('-'))).toHaveLength(file.deletions);
  }
}

describe('generateDataset', () => {
  const dataset = generateDataset({ seed: 1234 });

  it('is deep-equal for the same seed and differs for another', () => {
    expect(generateDataset({ seed: 1234 })).toEqual(dataset);
    const other = generateDataset({ seed: 1235 });
    expect(other.repositories[0]?.commits[0]?.sha).not.toBe(
      dataset.repositories[0]?.commits[0]?.sha,
    );
  });

  it('honours the size options', () => {
    const small = generateDataset({
      seed: 9,
      repositories: 3,
      commitsPerRepository: 8,
      pullRequestsPerRepository: 4,
      owners: { users: 3, organizations: 2 },
    });
    expect(small.repositories).toHaveLength(3);
    expect(small.users).toHaveLength(3);
    expect(small.organizations).toHaveLength(2);
    expect(commitsOnBranch(small.repositories[0]!, 'main')).toHaveLength(8);
    expect(small.repositories[0]!.pullRequests).toHaveLength(4);
  });

  it('gives unique ids, full names and 40-hex shas', () => {
    const repoIds = dataset.repositories.map((repo) => repo.id);
    expect(new Set(repoIds).size).toBe(repoIds.length);
    expect(new Set(dataset.repositories.map((repo) => repo.fullName)).size).toBe(repoIds.length);
    for (const repo of dataset.repositories) {
      expect(repo.uuid).toMatch(
        /^\{[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\}$/,
      );
      const shas = repo.commits.map((commit) => commit.sha);
      expect(new Set(shas).size).toBe(shas.length);
      for (const sha of shas) expect(sha).toMatch(/^[0-9a-f]{40}$/);
      for (const commit of repo.commits) {
        for (const parent of commit.parents) expect(shas).toContain(parent);
      }
    }
  });

  it('chains the default branch from its head to a root commit', () => {
    const repo = dataset.repositories[0]!;
    const main = commitsOnBranch(repo, 'main')!;
    expect(main).toHaveLength(24);
    expect(main[0]!.sha).toBe(repo.branches[0]!.sha);
    expect(main.at(-1)!.parents).toEqual([]);
    expect(main.at(-1)!.message).toBe('Initial commit');
  });

  it('writes commit and pull-request patches that rebuild the trees they claim', () => {
    for (const repo of dataset.repositories.slice(0, 3)) {
      const bySha = new Map(repo.commits.map((commit) => [commit.sha, commit]));
      for (const commit of repo.commits) {
        const parent = commit.parents[0] === undefined ? undefined : bySha.get(commit.parents[0]);
        expect(commit.files.length).toBeGreaterThan(0);
        checkDiff(repo, parent, commit, commit.files);
      }
      for (const pr of repo.pullRequests) {
        checkDiff(repo, bySha.get(pr.baseSha), bySha.get(pr.headSha)!, pr.files);
      }
    }
  });

  it('plants secrets for the firewall to find', () => {
    const repo = dataset.repositories[0]!;
    const initial = repo.commits.at(-1)!;
    const patches = initial.files.map((file) => file.patch).join('');
    expect(initial.files.map((file) => file.path)).toContain('.env');
    expect(patches).toMatch(/\+API_KEY=sk_live_[A-Za-z0-9]{24}/);
    expect(patches).toContain('+  password: hunter2');
    expect(patches).toMatch(/\+GITHUB_TOKEN=ghp_[A-Za-z0-9]{36}/);
    expect(patches).toContain('+-----BEGIN PRIVATE KEY-----');
  });

  it('has pull requests in every state, with real diffs between their branches', () => {
    const repo = dataset.repositories[1]!;
    expect(new Set(repo.pullRequests.map((pr) => pr.state))).toEqual(
      new Set(['open', 'closed', 'merged']),
    );
    for (const pr of repo.pullRequests) {
      expect(repo.branches.find((branch) => branch.name === pr.sourceBranch)?.sha).toBe(pr.headSha);
      expect(pr.mergedAt !== null).toBe(pr.state === 'merged');
      expect(pr.closedAt !== null).toBe(pr.state !== 'open');
    }
  });

  it('lists nested directories in the file tree', () => {
    const head = dataset.repositories[0]!.commits.find(
      (commit) => commit.sha === dataset.repositories[0]!.branches[0]!.sha,
    )!;
    const root = treeEntries(head)!;
    expect(root.map((entry) => entry.path)).toContain('src');
    expect(root.every((entry) => !entry.path.includes('/'))).toBe(true);
    const nested = treeEntries(head, { path: 'docs', recursive: true })!;
    expect(nested.map((entry) => entry.path)).toContain('docs/guide/getting-started.md');
    expect(nested.find((entry) => entry.path === 'docs/guide')?.type).toBe('directory');
    expect(treeEntries(head, { path: 'no/such/dir' })).toBeUndefined();
  });

  it('gives the viewer ssh keys with real fingerprints and two organizations', () => {
    expect(dataset.viewer.sshKeys).toHaveLength(3);
    for (const key of dataset.viewer.sshKeys) {
      expect(key.key).toMatch(/^ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI[A-Za-z0-9+/]+=* \S+$/);
      expect(key.fingerprint).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/);
    }
    expect(dataset.viewer.organizations).toHaveLength(2);
  });
});
