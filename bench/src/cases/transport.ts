import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHttpClient } from '@scm/core';
import { Agent } from 'undici';
import { runComparison, type ComparisonResult } from '../harness.js';
import type { BenchCase } from './case.js';

const TIMEOUT_MS = 10_000;

/** ~10 KB: a page of 25 repositories, a typical upstream list response. */
function repositoriesPage(): Buffer {
  const repos = Array.from({ length: 25 }, (_, i) => ({
    id: 1_296_269 + i,
    name: `hello-world-${i}`,
    full_name: `octocat/hello-world-${i}`,
    private: i % 5 === 0,
    owner: { login: 'octocat', id: 1, type: 'User' },
    html_url: `https://github.com/octocat/hello-world-${i}`,
    description: 'My first repository on GitHub.',
    default_branch: 'main',
    created_at: '2011-01-26T19:01:12Z',
    updated_at: '2026-01-26T19:14:43Z',
    stargazers_count: 80 + i,
    topics: ['octocat', 'atom', 'electron', 'api'],
  }));
  return Buffer.from(JSON.stringify(repos), 'utf8');
}

async function startServer(body: Buffer): Promise<{ server: Server; origin: string }> {
  const server = createServer((_req, res) => {
    res.writeHead(200, {
      'content-type': 'application/json; charset=utf-8',
      'content-length': body.length,
    });
    res.end(body);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return { server, origin: `http://127.0.0.1:${port}` };
}

function newAgent(): Agent {
  // The same settings the core transport gives the pool it creates itself.
  return new Agent({
    connect: { timeout: TIMEOUT_MS },
    headersTimeout: TIMEOUT_MS,
    bodyTimeout: TIMEOUT_MS,
  });
}

export const transportCase: BenchCase = {
  name: 'transport',
  async run() {
    const body = repositoriesPage();
    const { server, origin } = await startServer(body);
    const bareAgent = newAgent();
    const coreAgent = newAgent();
    const client = createHttpClient({ baseUrl: origin, provider: 'bench', dispatcher: coreAgent });
    const path = '/repos?per_page=25';

    try {
      // Both sides read the whole body and parse it, as a route would: the ratio is the transport's own cost.
      const bare = async (): Promise<unknown> => {
        const response = await bareAgent.request({
          origin,
          path,
          method: 'GET',
          headers: { accept: 'application/json' },
        });
        const text = await response.body.text();
        if (response.statusCode !== 200) throw new Error(`bare: status ${response.statusCode}`);
        return JSON.parse(text) as unknown;
      };
      const viaCore = async (): Promise<unknown> => {
        const response = await client.request({ path });
        if (response.status !== 200) throw new Error(`core: status ${response.status}`);
        return response.body;
      };

      const sample = await viaCore();
      if (!Array.isArray(sample) || sample.length !== 25)
        throw new Error('core transport returned an unexpected body');
      process.stdout.write(
        `\ntransport: GET ${origin}${path}, ${body.length} byte JSON body, one request at a time\n`,
      );

      const result: ComparisonResult = await runComparison({
        name: 'GET via core transport vs bare undici Agent.request',
        baseline: { name: 'undici Agent.request + JSON.parse', fn: bare },
        candidate: { name: '@scm/core createHttpClient', fn: viaCore },
        iterations: 1000,
        rounds: 10,
      });
      return [result];
    } finally {
      await client.close();
      await Promise.all([bareAgent.close(), coreAgent.close()]);
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    }
  },
};
