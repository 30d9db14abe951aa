import { FileContentSchema } from '@scm/core';
import { describe, expect, it } from 'vitest';
import { findCommit } from '../../dataset/queries.js';
import { scmErrorOf } from '../expect-helpers.js';
import type { ContractSuite } from './suite.js';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Call options, file content and the raw escape hatch: an `AbortSignal` cancels an operation
 * whose upstream never answers (it rejects at once, the connection is closed, nothing is retried);
 * `getFileContent` answers the dataset's files at the default branch and at a ref, and names a
 * missing path; `request` reaches the API through the adapter and refuses an absolute URL.
 */
export function callsSection(suite: ContractSuite): void {
  const { f, supported, mainCommits } = suite;

  describe('AbortSignal', () => {
    it('an abort rejects a hung call within ~100 ms with UPSTREAM_TIMEOUT and closes its connection', async () => {
      const { sim, provider, ref } = f();
      sim.requests.clear();
      sim.faults.inject('*', { hang: true });
      const controller = new AbortController();
      const pending = scmErrorOf(provider.getRepository(ref, { signal: controller.signal }));
      for (let waited = 0; sim.requests.count() === 0 && waited < 2_000; waited += 5)
        await sleep(5);
      expect(sim.requests.count()).toBe(1);
      const abortedAt = performance.now();
      controller.abort();
      const error = await pending;
      expect(performance.now() - abortedAt).toBeLessThan(100);
      expect(error.code).toBe('UPSTREAM_TIMEOUT');
      expect(error.source).toBe('client');
      expect(error.details).toMatchObject({ aborted: true, reason: 'abort' });
      for (let waited = 0; sim.requests.last()?.clientClosedAt === undefined && waited < 500;) {
        await sleep(5);
        waited += 5;
      }
      expect(sim.requests.last()?.clientClosedAt).toBeDefined();
      // Nothing is retried after the abort.
      await sleep(50);
      expect(sim.requests.count()).toBe(1);
    });

    it('an already aborted signal sends nothing', async () => {
      const { sim, provider, ref } = f();
      sim.requests.clear();
      const error = await scmErrorOf(provider.getRepository(ref, { signal: AbortSignal.abort() }));
      expect(error.code).toBe('UPSTREAM_TIMEOUT');
      expect(sim.requests.count()).toBe(0);
    });

    it('a signal that never aborts changes nothing', async () => {
      const { provider, ref, repo } = f();
      const controller = new AbortController();
      const read = await provider.getRepository(ref, { signal: controller.signal });
      expect(read.fullName.toLowerCase()).toBe(repo.fullName.toLowerCase());
    });
  });

  describe('getFileContent', () => {
    const files = ['README.md', 'src/index.ts', 'docs/guide/getting-started.md'];

    it('answers the files of the default branch as UTF-8 text, with their size', async (context) => {
      if (!supported('getFileContent')) return context.skip();
      const { provider, ref, repo } = f();
      const head = findCommit(repo, mainCommits()[0]?.sha ?? '');
      if (head === undefined) throw new Error('no head commit');
      for (const path of files) {
        const entry = head.tree.find((file) => file.path === path);
        if (entry === undefined) continue;
        const content = FileContentSchema.parse(await provider.getFileContent(ref, { path }));
        const expected = repo.blobs[entry.sha] ?? '';
        expect(content, path).toMatchObject({
          path,
          ref: null,
          encoding: 'utf-8',
          content: expected,
          size: Buffer.byteLength(expected),
        });
        if (content.sha !== null) expect(content.sha).toBe(entry.sha);
      }
    });

    it('reads at a ref (a feature branch, a sha)', async (context) => {
      if (!supported('getFileContent')) return context.skip();
      const { provider, ref, repo, branch, branchHead } = f();
      const commit = findCommit(repo, branchHead);
      const entry = commit?.tree.find((file) => file.path === 'README.md') ?? commit?.tree[0];
      if (entry === undefined) throw new Error('no file on the branch');
      const expected = repo.blobs[entry.sha] ?? '';
      for (const at of [branch, branchHead]) {
        const content = await provider.getFileContent(ref, { path: entry.path, ref: at });
        expect(content, at).toMatchObject({ path: entry.path, ref: at, content: expected });
      }
    });

    it('names the path and the ref of a missing file (RESOURCE_NOT_FOUND)', async (context) => {
      if (!supported('getFileContent')) return context.skip();
      const { provider, ref, branch } = f();
      const error = await scmErrorOf(
        provider.getFileContent(ref, { path: 'no/such/file.txt', ref: branch }),
      );
      expect(error.code).toBe('RESOURCE_NOT_FOUND');
      expect(error.message).toContain('"no/such/file.txt"');
      expect(error.message).toContain(JSON.stringify(branch));
    });

    it('refuses a path with a dot segment before sending anything', async (context) => {
      if (!supported('getFileContent')) return context.skip();
      const { provider, ref, sim } = f();
      sim.requests.clear();
      const error = await scmErrorOf(provider.getFileContent(ref, { path: 'src/../.env' }));
      expect(error.code).toBe('INVALID_REQUEST');
      expect(sim.requests.count()).toBe(0);
    });
  });

  describe('request (the raw escape hatch)', () => {
    it('reads through the adapter: authenticated, answered with status, headers and data', async (context) => {
      const read = f().sim.expected.rawRead;
      if (read === undefined) return context.skip();
      const { provider, sim } = f();
      sim.requests.clear();
      const response = await provider.request({ path: read.path, query: read.query });
      expect(response.status).toBe(200);
      expect(typeof response.data).toBe('object');
      expect(response.data).not.toBeNull();
      expect(response.headers['content-type']).toMatch(/json/);
      expect(
        sim.requests.last()?.headers.authorization ?? sim.requests.last()?.headers['private-token'],
      ).toBeDefined();
    });

    it('refuses an absolute URL to another host, sending nothing', async () => {
      const { provider, recorder } = f();
      const before = recorder.origins.length;
      for (const path of ['https://evil.example.test/steal', '//evil.example.test/steal']) {
        const error = await scmErrorOf(provider.request({ path }));
        expect(error.code).toBe('INVALID_REQUEST');
      }
      expect(recorder.origins.length).toBe(before);
    });

    it('maps an upstream 404 like every other operation', async () => {
      const error = await scmErrorOf(
        f().provider.request({ path: '/no-such-endpoint-of-the-contract' }),
      );
      expect(error.status).toBe(404);
    });
  });
}
