// The upstream of the gateway-read bench, in its own process: the GitHub simulator behind a
// replaying front. The first request for a URL goes to the simulator; its status, headers and
// bytes are kept and every later request for the same URL is answered from memory, so what the
// bench measures is the gateway and the minimal route, not the simulator. Conditional headers
// are ignored: every answer is a full 200, the same bytes for both sides.
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { findRepositoryOrThrow } from '@scm/testkit';
import { startGitHubSimulator } from '@scm/testkit/github';
import { request } from 'undici';

interface Recorded {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

const DROPPED = new Set([
  'etag',
  'last-modified',
  'connection',
  'keep-alive',
  'transfer-encoding',
  'date',
]);

const sim = await startGitHubSimulator({ seed: 1, rateLimit: { core: 1_000_000_000 } });
const recorded = new Map<string, Promise<Recorded>>();

async function record(url: string, headers: Record<string, string>): Promise<Recorded> {
  const response = await request(`${sim.baseUrl}${url}`, { headers });
  const body = Buffer.from(await response.body.arrayBuffer());
  const kept: Record<string, string> = {};
  for (const [name, value] of Object.entries(response.headers))
    if (typeof value === 'string' && !DROPPED.has(name)) kept[name] = value;
  kept['content-length'] = String(body.length);
  return { status: response.statusCode, headers: kept, body };
}

const front = createServer((req, res) => {
  const url = req.url ?? '/';
  const forwarded: Record<string, string> = {};
  for (const name of ['authorization', 'accept', 'user-agent', 'x-github-api-version']) {
    const value = req.headers[name];
    if (typeof value === 'string') forwarded[name] = value;
  }
  let entry = recorded.get(url);
  if (entry === undefined) {
    entry = record(url, forwarded);
    recorded.set(url, entry);
  }
  req.resume();
  entry.then(
    (answer) => {
      res.writeHead(answer.status, answer.headers).end(answer.body);
    },
    () => {
      res.writeHead(502).end();
    },
  );
});
front.keepAliveTimeout = 60_000;
front.listen(0, '127.0.0.1');
await once(front, 'listening');
const repository = findRepositoryOrThrow(sim.dataset, sim.expected.repository);
process.send?.({
  apiBaseUrl: `http://127.0.0.1:${(front.address() as AddressInfo).port}`,
  webBaseUrl: sim.webUrl,
  token: sim.token,
  repository: { id: String(repository.id), fullName: repository.fullName },
});
process.on('message', () => {
  front.close();
  void sim.stop().then(() => process.exit(0));
});
