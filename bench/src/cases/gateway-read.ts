import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Agent, request } from 'undici';
import { median, type ComparisonResult, type SubjectResult } from '../harness.js';
import type { BenchCase } from './case.js';
import { drive, type LoadResult, type Target } from './gateway-read/load.js';
import { forkReady, pin, type Child } from './gateway-read/processes.js';
import { describeProbes, probeHost } from '../host-probe.js';
import { startProvisionedGateway, type ReplayingUpstream } from './gateway-read/provision.js';

const here = dirname(fileURLToPath(import.meta.url));
const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);

interface Scenario {
  resource: 'branches' | 'commits';
  limit: number;
  connections: number;
}

const SCENARIOS: Scenario[] = [
  { resource: 'commits', limit: 25, connections: 32 },
  { resource: 'branches', limit: 25, connections: 32 },
  { resource: 'commits', limit: 10, connections: 32 },
  { resource: 'commits', limit: 100, connections: 32 },
  { resource: 'branches', limit: 100, connections: 32 },
  { resource: 'commits', limit: 25, connections: 1 },
];

/** `GATEWAY_READ_SCENARIOS=commits:25:32,branches:25:32` runs only those (resource:limit:connections). */
function selectedScenarios(): Scenario[] {
  const wanted = process.env.GATEWAY_READ_SCENARIOS?.split(',').filter(Boolean) ?? [];
  if (wanted.length === 0) return SCENARIOS;
  return SCENARIOS.filter((s) => wanted.includes(`${s.resource}:${s.limit}:${s.connections}`));
}

/**
 * The security and CORS headers of one gateway answer (what floor.ts sets on every read): every header but
 * those of the message itself, the request id and the provider's rate limit.
 */
async function securityHeadersOf(url: string, token: string): Promise<[string, string][]> {
  const response = await request(url, { headers: { authorization: `Bearer ${token}` } });
  await response.body.text();
  if (response.statusCode !== 200) throw new Error(`gateway read: ${response.statusCode}`);
  const perMessage =
    /^(date|connection|keep-alive|content-length|content-type|etag|x-request-id|x-ratelimit-.*)$/;
  return Object.entries(response.headers)
    .filter((entry): entry is [string, string] => typeof entry[1] === 'string')
    .filter(([name]) => !perMessage.test(name));
}

function subject(name: string, runs: LoadResult[]): SubjectResult {
  const perRequest = runs.map((run) => (run.seconds * 1_000_000) / run.requests);
  const usPerOp = median(perRequest);
  return {
    name,
    usPerOp,
    opsPerSec: 1_000_000 / usPerOp,
    cpuUsPerOp: median(runs.map((run) => run.cpuUsPerRequest)),
    roundsUsPerOp: perRequest,
  };
}

/**
 * The gateway's read path under load against the least a Node service does for the same read
 * (issue #21). Five processes: the upstream (GitHub simulator behind a replaying front, so its CPU
 * is not what is measured), the minimal Express + undici route, the floor (the minimal route plus
 * the read's duties, floor.ts), the built gateway as `pnpm start` runs it (SQLite, access log on,
 * usage log on), and this load generator. The three servers are pinned to the same core; rounds
 * rotate which goes first. Ratios are per scenario: time per request at that concurrency
 * (1 / throughput) and server CPU per request, gateway / minimal (and the floor's beside them).
 */
export const gatewayReadCase: BenchCase = {
  name: 'gateway-read',
  async run() {
    const children: Child[] = [];
    const dataDir = mkdtempSync(join(tmpdir(), 'scm-bench-gateway-'));
    const agent = new Agent({ connections: 64, keepAliveTimeout: 60_000 });
    try {
      const started = await forkReady(join(here, 'gateway-read/upstream.ts'));
      const upstream = { child: started.child, ready: started.ready as ReplayingUpstream };
      children.push(upstream.child);
      const baseline = await forkReady(
        join(here, 'gateway-read/minimal.ts'),
        {
          UPSTREAM: upstream.ready.apiBaseUrl,
          UPSTREAM_TOKEN: upstream.ready.token,
        },
        true,
      );
      const minimal = { child: baseline.child, ready: baseline.ready as { url: string } };
      children.push(minimal.child);
      // GATEWAY_READ_MAIN: another build of the gateway (an older commit's `dist/main.js` copied
      // beside it), to compare two builds under the same host (bench/README.md).
      const mainJs =
        process.env.GATEWAY_READ_MAIN ??
        join(dirname(createRequire(import.meta.url).resolve('@scm/api')), 'main.js');
      const provisioned = await startProvisionedGateway(mainJs, dataDir, upstream.ready);
      const gateway = provisioned.child;
      children.push(gateway);
      const gatewayUrl = provisioned.url;
      const token = provisioned.token;
      const repo = upstream.ready.repository.id;
      // The floor (floor.ts): the minimal route with the gateway's duties, its security and CORS headers
      // copied from one gateway answer.
      const floorStarted = await forkReady(
        join(here, 'gateway-read/floor.ts'),
        {
          UPSTREAM: upstream.ready.apiBaseUrl,
          UPSTREAM_TOKEN: upstream.ready.token,
          FLOOR_BEARER: token,
          FLOOR_HEADERS: JSON.stringify(
            await securityHeadersOf(`${gatewayUrl}/v1/repositories/github/${repo}/branches`, token),
          ),
        },
        true,
      );
      const floor = { child: floorStarted.child, ready: floorStarted.ready as { url: string } };
      children.push(floor.child);
      const cpus = availableParallelism();
      const serverCpu = cpus > 1 ? 1 : 0;
      const pinned =
        pin(minimal.child.process.pid, serverCpu) &&
        pin(floor.child.process.pid, serverCpu) &&
        pin(gateway.process.pid, serverCpu);
      if (cpus > 1) {
        pin(upstream.child.process.pid, 0);
        pin(process.pid, 0);
      }
      process.stdout.write(
        `\ngateway-read: GitHub ${upstream.ready.repository.fullName}, ${SECONDS} s × ${ROUNDS} rounds per side and scenario; servers ${pinned ? `pinned to CPU ${serverCpu}` : 'not pinned (no taskset)'}; gateway = dist/main.js on SQLite, LOG_LEVEL=info\n`,
      );

      const probeBefore = probeHost(serverCpu);
      const results: ComparisonResult[] = [];
      for (const scenario of selectedScenarios()) {
        const query = `?limit=${scenario.limit}`;
        const targets: Target[] = [
          {
            name: 'Express + undici + map',
            origin: minimal.ready.url,
            path: `/repositories/${repo}/${scenario.resource}${query}`,
            headers: {},
            pid: minimal.child.process.pid,
          },
          {
            name: 'floor: minimal + duties',
            origin: floor.ready.url,
            path: `/v1/repositories/github/${repo}/${scenario.resource}${query}`,
            headers: { authorization: `Bearer ${token}` },
            pid: floor.child.process.pid,
          },
          {
            name: 'SCM Gateway',
            origin: gatewayUrl,
            path: `/v1/repositories/github/${repo}/${scenario.resource}${query}`,
            headers: { authorization: `Bearer ${token}` },
            pid: gateway.process.pid,
          },
        ];
        const runs: LoadResult[][] = [[], [], []];
        for (const target of targets) await drive(agent, target, scenario.connections, 1);
        for (let round = 0; round < ROUNDS; round += 1) {
          // Each side first in turn, and each round the other way round from the last.
          const order = [0, 1, 2].map((index) => (index + round) % 3);
          if (round % 2 === 1) order.reverse();
          for (const index of order) {
            const target = targets[index];
            if (target !== undefined)
              runs[index]?.push(await drive(agent, target, scenario.connections, SECONDS));
          }
        }
        const baseline = subject(targets[0]?.name ?? '', runs[0] ?? []);
        const floorSide = subject(targets[1]?.name ?? '', runs[1] ?? []);
        const candidate = subject(targets[2]?.name ?? '', runs[2] ?? []);
        const ratiosOf = (side: number): number[] =>
          (runs[side] ?? []).map((run, i) => {
            const base = runs[0]?.[i];
            return base === undefined
              ? Number.NaN
              : run.seconds / run.requests / (base.seconds / base.requests);
          });
        const roundRatios = ratiosOf(2);
        const floorRatios = ratiosOf(1);
        const ratio = median(roundRatios);
        const cpuRatio = candidate.cpuUsPerOp / baseline.cpuUsPerOp;
        const name = `${scenario.resource} limit=${scenario.limit}, ${scenario.connections} conn.`;
        const p50 = (index: number) => median((runs[index] ?? []).map((run) => run.p50Ms));
        const side = (label: string, result: SubjectResult, index: number): string =>
          `${label} ${result.opsPerSec.toFixed(0).padStart(6)} req/s ${result.cpuUsPerOp.toFixed(0).padStart(5)} µs CPU/req p50 ${p50(index).toFixed(2)} ms`;
        process.stdout.write(
          `  ${name.padEnd(30)} ${side('minimal', baseline, 0)} | ${side('floor', floorSide, 1)} | ${side('gateway', candidate, 2)}\n` +
            `  ${''.padEnd(30)} throughput ÷ minimal: gateway ${(1 / ratio).toFixed(2)}× (rounds ${roundRatios.map((r) => (1 / r).toFixed(2)).join(' ')}; target ≥ 0.80×), floor ${(1 / median(floorRatios)).toFixed(2)}× (rounds ${floorRatios.map((r) => (1 / r).toFixed(2)).join(' ')}); CPU a read gateway ÷ floor ${(candidate.cpuUsPerOp / floorSide.cpuUsPerOp).toFixed(2)}×\n`,
        );
        results.push({
          name: `gateway-read ${name}`,
          iterations: SECONDS,
          rounds: ROUNDS,
          baseline,
          candidate,
          ratio,
          cpuRatio,
        });
      }
      process.stdout.write(describeProbes(serverCpu, probeBefore, probeHost(serverCpu)));
      return results;
    } finally {
      await agent.close();
      for (const child of children.reverse()) await child.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  },
};
