// The baseline of the gateway-read bench, in its own process: the least a Node service does for
// the same read — one Express 5 route per resource that fetches the upstream page with undici,
// parses it, maps each item to the gateway's public shape and answers JSON with a next-page link.
import express from 'express';
import { Agent } from 'undici';
import { serveUntilStopped } from './serve.js';
import { mapBranches, mapCommits } from './wire.js';

const upstream = process.env.UPSTREAM ?? '';
const token = process.env.UPSTREAM_TOKEN ?? '';
const agent = new Agent({ connections: 64 });
const headers = {
  accept: 'application/vnd.github+json',
  authorization: `Bearer ${token}`,
  'user-agent': 'bench-minimal',
};

async function fetchPage(path: string): Promise<{ items: unknown[]; more: boolean }> {
  const response = await agent.request({ origin: upstream, path, method: 'GET', headers });
  const items = (await response.body.json()) as unknown[];
  const link = response.headers.link;
  return { items, more: typeof link === 'string' && link.includes('rel="next"') };
}

const app = express();
app.get('/repositories/:id/branches', async (req, res) => {
  const limit = Number(req.query.limit ?? 25);
  const page = await fetchPage(`/repositories/${req.params.id}/branches?per_page=${limit}&page=1`);
  res.json({
    data: mapBranches(page.items),
    page_info: { limit, has_next_page: page.more, next_cursor: page.more ? '2' : null },
  });
});
app.get('/repositories/:id/commits', async (req, res) => {
  const limit = Number(req.query.limit ?? 25);
  const page = await fetchPage(`/repositories/${req.params.id}/commits?per_page=${limit}&page=1`);
  res.json({
    data: mapCommits(page.items),
    page_info: { limit, has_next_page: page.more, next_cursor: page.more ? '2' : null },
  });
});

await serveUntilStopped(app, agent);
