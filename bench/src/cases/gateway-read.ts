import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Agent } from 'undici';
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
 * (issue #21). Four processes: the upstream (GitHub simulator behind a replaying front, so its CPU
 * is not what is measured), the minimal Express + undici route, the built gateway as `pnpm start`
 * runs it (SQLite, access log on, usage log on), and this load generator. The two servers are
 * pinned to the same core; rounds alternate which goes first. Ratios are per scenario: time per
 * request at that concurrency (1 / throughput) and server CPU per request, gateway / minimal.
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
      const cpus = availableParallelism();
      const serverCpu = cpus > 1 ? 1 : 0;
      const pinned =
        pin(minimal.child.process.pid, serverCpu) && pin(gateway.process.pid, serverCpu);
      if (cpus > 1) {
        pin(upstream.child.process.pid, 0);
        pin(process.pid, 0);
      }
      process.stdout.write(
        `\ngateway-read: GitHub ${upstream.ready.repository.fullName}, ${SECONDS} s × ${ROUNDS} rounds per side and scenario; servers ${pinned ? `pinned to CPU ${serverCpu}` : 'not pinned (no taskset)'}; gateway = dist/main.js on SQLite, LOG_LEVEL=info\n`,
      );

      const repo = upstream.ready.repository.id;
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
            name: 'SCM Gateway',
            origin: gatewayUrl,
            path: `/v1/repositories/github/${repo}/${scenario.resource}${query}`,
            headers: { authorization: `Bearer ${token}` },
            pid: gateway.process.pid,
          },
        ];
        const runs: LoadResult[][] = [[], []];
        for (const target of targets) await drive(agent, target, scenario.connections, 1);
        for (let round = 0; round < ROUNDS; round += 1) {
          const order = round % 2 === 0 ? [0, 1] : [1, 0];
          for (const index of order) {
            const target = targets[index];
            if (target !== undefined)
              runs[index]?.push(await drive(agent, target, scenario.connections, SECONDS));
          }
        }
        const baseline = subject(targets[0]?.name ?? '', runs[0] ?? []);
        const candidate = subject(targets[1]?.name ?? '', runs[1] ?? []);
        const roundRatios = (runs[1] ?? []).map((run, i) => {
          const base = runs[0]?.[i];
          return base === undefined
            ? Number.NaN
            : run.seconds / run.requests / (base.seconds / base.requests);
        });
        const ratio = median(roundRatios);
        const cpuRatio = candidate.cpuUsPerOp / baseline.cpuUsPerOp;
        const name = `${scenario.resource} limit=${scenario.limit}, ${scenario.connections} conn.`;
        const p50 = (index: number) => median((runs[index] ?? []).map((run) => run.p50Ms));
        process.stdout.write(
          `  ${name.padEnd(30)} minimal ${baseline.opsPerSec.toFixed(0).padStart(6)} req/s ${baseline.cpuUsPerOp.toFixed(0).padStart(5)} µs CPU/req p50 ${p50(0).toFixed(2)} ms | gateway ${candidate.opsPerSec.toFixed(0).padStart(6)} req/s ${candidate.cpuUsPerOp.toFixed(0).padStart(5)} µs CPU/req p50 ${p50(1).toFixed(2)} ms | throughput ${(1 / ratio).toFixed(2)}× (rounds ${roundRatios.map((r) => (1 / r).toFixed(2)).join(' ')}; target ≥ 0.80×)\n`,
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
