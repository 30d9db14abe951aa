import { createHmac } from 'node:crypto';
import type { Diff } from '@scm/core';
import { generateDataset, renderUnifiedDiff, type DatasetDiffFile } from '@scm/testkit';
import { describe, expect, it } from 'vitest';
import { createFirewall } from './firewall.js';

const HASH_KEY = 'dataset-test-key-0123456789';
const firewall = createFirewall({ hashKey: HASH_KEY });
const dataset = generateDataset({
  seed: 7,
  repositories: 3,
  commitsPerRepository: 12,
  pullRequestsPerRepository: 4,
});

/** Everything the testkit plants (packages/testkit/src/dataset/content.ts), as the values. */
const PLANTED: readonly RegExp[] = [
  /sk_live_[A-Za-z0-9]{24}/,
  /ghp_[A-Za-z0-9]{36}/,
  /AKIA[A-Z2-7]{16}/,
  /postgres:\/\/app:[A-Za-z0-9]{12}@/,
  /password: hunter2/,
  /^[+ -]?[A-Za-z0-9+/]{64}$/m,
];

function toDiff(files: readonly DatasetDiffFile[]): Diff {
  return {
    provider: 'github',
    sha: null,
    baseSha: null,
    truncated: false,
    files: files.map((file) => ({ ...file })),
  };
}

function marker(value: string): string {
  return `[hashed:sha256:${createHmac('sha256', HASH_KEY).update(value).digest('hex').slice(0, 12)}]`;
}

describe('the testkit dataset', () => {
  const diffs = dataset.repositories.flatMap((repo) => [
    ...repo.commits.map((commit) => commit.files),
    ...repo.pullRequests.map((pull) => pull.files),
  ]);

  it('plants secrets in its diffs (so this test has something to catch)', () => {
    const text = diffs.map((files) => renderUnifiedDiff(files)).join('');
    for (const pattern of PLANTED) expect(text).toMatch(pattern);
  });

  it('leaves none of them in any diff, and blocks .env and .pem files', () => {
    let blocked = 0;
    let hashed = 0;
    for (const files of diffs) {
      const { diff, report } = firewall.applyToDiff(toDiff(files));
      for (const file of diff.files) {
        if (file.path.endsWith('.env') || file.path.endsWith('.pem')) {
          expect(file).toMatchObject({ blocked: true, patch: null });
          blocked++;
          continue;
        }
        for (const pattern of PLANTED) expect(file.patch ?? '').not.toMatch(pattern);
      }
      hashed += report.secrets;
    }
    expect(blocked).toBeGreaterThan(0);
    expect(hashed).toBeGreaterThan(0);
  });

  it('gives the same result on the diffs as unified diff text', () => {
    for (const files of diffs.slice(0, 40)) {
      const { text, report } = firewall.applyToDiffText(renderUnifiedDiff(files));
      for (const pattern of PLANTED) expect(text).not.toMatch(pattern);
      const viaDiff = firewall.applyToDiff(toDiff(files)).report;
      expect(report.secrets).toBe(viaDiff.secrets);
      expect(report.blockedFiles).toBe(viaDiff.blockedFiles);
    }
  });

  it('hashes every secret of an env file served under a path that is not blocked', () => {
    const repo = dataset.repositories[0]!;
    const envBlob = repo.commits
      .flatMap((commit) => commit.tree)
      .find((file) => file.path === '.env');
    const content = repo.blobs[envBlob!.sha]!;
    const { file, report } = firewall.applyToFile({ path: 'backup/env.txt', content });
    const stripe = /sk_live_[A-Za-z0-9]{24}/.exec(content)![0];
    expect(file.content).toContain(`API_KEY=${marker(stripe)}`);
    expect(file.content).toContain('LOG_LEVEL=info');
    for (const pattern of PLANTED) expect(file.content).not.toMatch(pattern);
    expect(report.byRule).toMatchObject({
      'stripe-key': 1,
      'url-credentials': 1,
      'aws-access-key-id': 1,
    });
    expect(firewall.applyToFile({ path: '.env', content }).file).toEqual({
      path: '.env',
      content: null,
      blocked: true,
    });
  });
});
