// Counts the upstream HTTP requests each unified endpoint costs per page, through the real gateway
// (in this process, on a fresh SQLite file, its conditional cache on as `UPSTREAM_CACHE_MB`'s
// default sets it), against the four provider simulators and their request logs.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'undici';
import {
  startGatewayOn,
  type GatewayOn,
} from '../../../../apps/api/src/webhooks/test-support/gateway-on.js';
import { provisionAllProviders } from './provision.js';
import { startCountedSimulators, type CountedSimulator, type ProviderId } from './simulators.js';

export interface EndpointCount {
  provider: ProviderId;
  endpoint: string;
  /** Upstream requests for the first page; null when the provider does not serve the endpoint. */
  first: number | null;
  /** For the page after it (through the signed cursor); null when there is no second page. */
  next: number | null;
  /** Upstream requests and how many of them were 304s over the repeated reads of the first page. */
  repeat: { requests: number; notModified: number };
}

interface Answer {
  status: number;
  body: { data?: unknown; page_info?: { next_cursor?: string | null } };
}

const METRICS_TOKEN = `bench-${randomBytes(12).toString('hex')}`;

/** `scm_gateway_upstream_requests_total` per provider: all statuses and the 304s. */
async function upstreamTotals(base: string, provider: string): Promise<[number, number]> {
  const response = await request(`${base}/metrics`, {
    headers: { authorization: `Bearer ${METRICS_TOKEN}` },
  });
  const text = await response.body.text();
  let all = 0;
  let notModified = 0;
  const pattern = /^scm_gateway_upstream_requests_total\{([^}]*)\} (\d+)/gm;
  for (const match of text.matchAll(pattern)) {
    const labels = match[1] ?? '';
    if (!labels.includes(`provider="${provider}"`)) continue;
    const value = Number(match[2]);
    all += value;
    if (labels.includes('status="304"')) notModified += value;
  }
  return [all, notModified];
}

/** The unified reads of one provider: list endpoints (paged) and single reads. */
function endpoints(sim: CountedSimulator, first: Map<string, Answer>): [string, string][] {
  const repo = `/v1/repositories/${sim.provider}/${encodeURIComponent(sim.repository)}`;
  const list: [string, string][] = [
    ['me', '/v1/me'],
    ['repositories', `/v1/repositories?provider=${sim.provider}&limit=5`],
    ['repository', repo],
    ['branches', `${repo}/branches?limit=5`],
    ['commits', `${repo}/commits?limit=5`],
    ['pull-requests', `${repo}/pull-requests?state=all&limit=5`],
    ['contributors', `${repo}/contributors?limit=5`],
    ['tags', `${repo}/tags?limit=5`],
    ['releases', `${repo}/releases?limit=5`],
    ['checks', `${repo}/checks?limit=5`],
    ['deployments', `${repo}/deployments?limit=5`],
    ['file-tree', `${repo}/file-tree?limit=5`],
    ['file-tree recursive', `${repo}/file-tree?recursive=true&limit=5`],
  ];
  const data = (name: string): Record<string, unknown>[] => {
    const value = first.get(name)?.body.data;
    return Array.isArray(value) ? (value as Record<string, unknown>[]) : [];
  };
  const sha = data('commits')[0]?.sha;
  if (typeof sha === 'string') list.push(['commit diff', `${repo}/commits/${sha}/diff`]);
  const pull = data('pull-requests')[0]?.number;
  if (typeof pull === 'number')
    list.push(['pull-request diff', `${repo}/pull-requests/${pull}/diff`]);
  const file = data('file-tree recursive').find((entry) => entry.type === 'file')?.path;
  if (typeof file === 'string')
    list.push(['file content', `${repo}/files/content?path=${encodeURIComponent(file)}`]);
  return list;
}

export async function measureUpstreamCalls(repeats: number): Promise<EndpointCount[]> {
  const dataDir = mkdtempSync(join(tmpdir(), 'scm-bench-upstream-calls-'));
  const sims = await startCountedSimulators(1);
  let gateway: GatewayOn | undefined;
  try {
    // The gateway in this process on a fresh SQLite file; the bench's many calls stay under the throttles.
    gateway = await startGatewayOn({
      provider: 'sqlite',
      url: `file:${join(dataDir, 'gateway.db')}`,
      masterKey: randomBytes(32),
      env: {
        RATE_LIMITS:
          'login_account=100000/15m,login_ip=100000/15m,signup_ip=100000/15m,admin_key_ip=100000/15m,token=100000/1m,token_ip=100000/15m,auth_start_ip=100000/15m',
        SGG_PROVIDER_HOSTS: JSON.stringify(sims.map((sim) => sim.host)),
        METRICS_TOKEN,
      },
    });
    const base = gateway.url;
    const token = await provisionAllProviders(
      base,
      gateway.adminApiKey,
      sims.map((sim) => ({ provider: sim.provider, token: sim.token })),
    );
    const read = async (path: string): Promise<Answer> => {
      const response = await request(`${base}${path}`, {
        headers: { authorization: `Bearer ${token}` },
      });
      const text = await response.body.text();
      let body: Answer['body'] = {};
      try {
        body = JSON.parse(text) as Answer['body'];
      } catch {
        // a non-JSON answer: counted by status only
      }
      return { status: response.statusCode, body };
    };
    const rows: EndpointCount[] = [];
    for (const sim of sims) {
      const first = new Map<string, Answer>();
      const seen = new Set<string>();
      // Two passes: the diff and file-content reads take their ids from the first pass's pages.
      for (let pass = 0; pass < 2; pass += 1) {
        for (const [name, path] of endpoints(sim, first)) {
          if (seen.has(name)) continue;
          seen.add(name);
          const before = sim.count();
          const answer = await read(path);
          const firstCount = sim.count() - before;
          first.set(name, answer);
          if (answer.status === 501) {
            rows.push({
              provider: sim.provider,
              endpoint: name,
              first: null,
              next: null,
              repeat: { requests: 0, notModified: 0 },
            });
            continue;
          }
          if (answer.status !== 200)
            throw new Error(
              `${sim.provider} ${name}: ${answer.status} ${JSON.stringify(answer.body).slice(0, 300)}`,
            );
          let next: number | null = null;
          const cursor = answer.body.page_info?.next_cursor;
          if (typeof cursor === 'string') {
            const separator = path.includes('?') ? '&' : '?';
            const beforeNext = sim.count();
            const second = await read(`${path}${separator}cursor=${encodeURIComponent(cursor)}`);
            if (second.status !== 200)
              throw new Error(`${sim.provider} ${name} page 2: ${second.status}`);
            next = sim.count() - beforeNext;
          }
          const [allBefore, notModifiedBefore] = await upstreamTotals(base, sim.provider);
          for (let i = 0; i < repeats; i += 1) await read(path);
          const [allAfter, notModifiedAfter] = await upstreamTotals(base, sim.provider);
          rows.push({
            provider: sim.provider,
            endpoint: name,
            first: firstCount,
            next,
            repeat: {
              requests: allAfter - allBefore,
              notModified: notModifiedAfter - notModifiedBefore,
            },
          });
        }
      }
    }
    return rows;
  } finally {
    await gateway?.close();
    for (const sim of sims) await sim.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
