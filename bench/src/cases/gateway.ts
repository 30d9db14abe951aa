import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadConfig } from '@scm/api';
import { startDemo } from '@scm/api/demo';
import express from 'express';
import { Agent } from 'undici';
import { runComparison, type ComparisonResult } from '../harness.js';
import type { BenchCase } from './case.js';

const TIMEOUT_MS = 10_000;

/**
 * The gateway's read path against the least a Node service could do for the same read. One
 * upstream (the GitHub simulator, in this process for both sides), one request at a time:
 * - direct: the client asks the upstream itself;
 * - minimal Express: one route that fetches the upstream page with undici, parses, maps, `res.json`s;
 * - the gateway: token → authorization (cached), scope and approval checks, the adapter (zod,
 *   mapping, rate-limit headers), a signed cursor, the envelope, a usage-log entry (batched).
 */
export const gatewayCase: BenchCase = {
  name: 'gateway',
  async run() {
    const demo = await startDemo(
      loadConfig({ PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent' }),
      { githubRateLimit: 10_000_000 },
    );
    const client = new Agent({
      connect: { timeout: TIMEOUT_MS },
      headersTimeout: TIMEOUT_MS,
      bodyTimeout: TIMEOUT_MS,
    });
    const upstreamAgent = new Agent({
      connect: { timeout: TIMEOUT_MS },
      headersTimeout: TIMEOUT_MS,
      bodyTimeout: TIMEOUT_MS,
    });
    const upstream = new URL(demo.github.apiBaseUrl);
    const upstreamPath = `/repos/${demo.repository.fullName}/branches?per_page=25`;
    const upstreamHeaders = {
      accept: 'application/vnd.github+json',
      authorization: `Bearer ${demo.github.token}`,
      'user-agent': 'bench',
    };

    const minimal = express();
    minimal.get('/branches', async (_req, res) => {
      const response = await upstreamAgent.request({
        origin: upstream.origin,
        path: upstreamPath,
        method: 'GET',
        headers: upstreamHeaders,
      });
      const branches = (await response.body.json()) as {
        name: string;
        commit: { sha: string };
        protected: boolean;
      }[];
      res.json({
        data: branches.map((branch) => ({
          provider: 'github',
          name: branch.name,
          sha: branch.commit.sha,
          protected: branch.protected,
        })),
      });
    });
    const server: Server = createServer(minimal);
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const minimalOrigin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

    const get =
      (origin: string, path: string, headers: Record<string, string>) =>
      async (): Promise<unknown> => {
        const response = await client.request({ origin, path, method: 'GET', headers });
        const text = await response.body.text();
        if (response.statusCode !== 200)
          throw new Error(`${origin}${path}: status ${response.statusCode} ${text.slice(0, 200)}`);
        return JSON.parse(text) as unknown;
      };
    const direct = get(upstream.origin, upstreamPath, upstreamHeaders);
    const viaMinimal = get(minimalOrigin, '/branches', {});
    const viaGateway = get(
      new URL(demo.url).origin,
      `/v1/repositories/github/${demo.repository.id}/branches?limit=25`,
      { authorization: `Bearer ${demo.accessToken}` },
    );

    try {
      const sample = (await viaGateway()) as { data?: unknown[] };
      if (!Array.isArray(sample.data) || sample.data.length === 0)
        throw new Error('the gateway returned no branches');
      process.stdout.write(
        `\ngateway: GET …/branches?limit=25 (${sample.data.length} branches), one request at a time, upstream = GitHub simulator in this process\n`,
      );
      const options = { iterations: 300, rounds: 8 };
      return [
        await runComparison({
          name: 'gateway read vs a minimal Express fetch+map route',
          baseline: { name: 'Express + undici + map', fn: viaMinimal },
          candidate: { name: 'SCM Gateway', fn: viaGateway },
          ...options,
        }),
        await runComparison({
          name: 'gateway read vs asking the upstream directly',
          baseline: { name: 'direct to upstream', fn: direct },
          candidate: { name: 'SCM Gateway', fn: viaGateway },
          ...options,
        }),
      ] satisfies ComparisonResult[];
    } finally {
      await Promise.all([client.close(), upstreamAgent.close()]);
      server.closeAllConnections();
      server.close();
      await demo.stop();
    }
  },
};
