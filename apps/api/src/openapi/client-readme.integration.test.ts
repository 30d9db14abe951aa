import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startDemo, type Demo } from '../../demo/start-demo.js';
import { loadConfig } from '../config.js';

const README = new URL('../../../../packages/client/README.md', import.meta.url);

/** The README's one TypeScript example, as printed. */
function readmeExample(): string {
  const blocks = [...readFileSync(README, 'utf8').matchAll(/```ts\n([\s\S]*?)```/g)];
  expect(blocks).toHaveLength(1);
  return blocks[0]?.[1] ?? '';
}

// @scm/client's README example, run as printed against `pnpm demo`'s gateway (simulators on
// 127.0.0.1): the typed call, the cursor iteration and ScmApiError, through the real routes.
describe('the @scm/client README example', () => {
  let demo: Demo;
  let folder: string;
  beforeAll(async () => {
    demo = await startDemo(loadConfig({ PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent' }));
    folder = mkdtempSync(join(tmpdir(), 'scm-client-readme-'));
  });
  afterAll(async () => {
    await demo.stop();
    rmSync(folder, { recursive: true, force: true });
  });

  it('runs against the demo gateway: a repository, every commit page after page, an ScmApiError', async () => {
    const file = join(folder, 'example.ts');
    writeFileSync(file, readmeExample());
    vi.stubEnv('SCM_GATEWAY_URL', demo.url);
    vi.stubEnv('SCM_ACCESS_TOKEN', demo.accessToken);
    vi.stubEnv('SCM_REPOSITORY_ID', demo.repository.id);
    const printed: string[] = [];
    const log = vi.spyOn(console, 'log').mockImplementation((line: unknown) => {
      printed.push(String(line));
    });
    const requested: string[] = [];
    const realFetch = globalThis.fetch;
    const fetchSpy = vi.spyOn(globalThis, 'fetch').mockImplementation((input, init) => {
      requested.push(input instanceof Request ? input.url : String(input));
      return realFetch(input, init);
    });
    try {
      await import(/* @vite-ignore */ file);
    } finally {
      log.mockRestore();
      fetchSpy.mockRestore();
      vi.unstubAllEnvs();
    }
    expect(printed[0]).toBe(`repository ${demo.repository.fullName}`);
    // The walk took more than one page, each request sending the previous next_cursor.
    const commitPages = requested.filter((url) => url.includes('/commits?limit=10'));
    expect(commitPages.length).toBeGreaterThan(1);
    expect(commitPages.slice(1).every((url) => url.includes('cursor='))).toBe(true);
    const commits = Number(/^commits (\d+)$/.exec(printed[1] ?? '')?.[1]);
    expect(commits).toBeGreaterThan(10);
    expect(printed[2]).toMatch(/^error INVALID_CURSOR 400 \S+$/);
  });
});
