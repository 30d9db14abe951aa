/**
 * Two builds of the gateway against each other under the gateway-read load: is a change cheaper?
 *
 *   pnpm --filter @scm/bench exec tsx src/gateway-ab.ts <a/dist/main.js> <b/dist/main.js>
 *
 * `pnpm bench gateway-read` runs one build against the minimal route, and two such runs one after
 * the other compare badly: this host's speed drifts within minutes (its host probe says when), and
 * the gateway's share of a change is a few percent. Here both builds run at once — the same
 * upstream (the replaying GitHub simulator), each process on its own fresh SQLite `DATA_DIR`, all
 * pinned to the same CPU, two processes of each build started a, b, b, a — and take the same load
 * in turn, the order reversed every round, for GATEWAY_AB_ROUNDS rounds (default 8) of
 * GATEWAY_AB_SECONDS per build (default 1.5), so a drift falls on both alike. Each round gives b's
 * server CPU per request over a's; the median is the answer. GATEWAY_AB_READ picks the read
 * (`branches:25:32`, the default, or `commits:25:32`: resource, limit, connections).
 *
 * A build to compare: a copy of `apps/api/dist` beside it (`cp -r dist dist-b`, then edit or build
 * an older commit into it), so that it resolves the same node_modules.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Agent } from 'undici';
import { drive, type LoadResult, type Target } from './cases/gateway-read/load.js';
import { forkReady, pin, type Child } from './cases/gateway-read/processes.js';
import { startProvisionedGateway, type ReplayingUpstream } from './cases/gateway-read/provision.js';
import { median } from './harness.js';

const here = dirname(fileURLToPath(import.meta.url));

async function startBuild(
  mainJs: string,
  upstream: ReplayingUpstream,
  dataDirs: string[],
): Promise<{ child: Child; url: string; token: string }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'scm-bench-gateway-ab-'));
  dataDirs.push(dataDir);
  return startProvisionedGateway(mainJs, dataDir, upstream);
}

async function main([mainA, mainB]: readonly string[]): Promise<void> {
  if (mainA === undefined || mainB === undefined)
    throw new Error('usage: gateway-ab.ts <a/dist/main.js> <b/dist/main.js>');
  const rounds = Number(process.env.GATEWAY_AB_ROUNDS ?? '8');
  const seconds = Number(process.env.GATEWAY_AB_SECONDS ?? '1.5');
  const [resource = 'branches', limit = '25', connections = '32'] = (
    process.env.GATEWAY_AB_READ ?? 'branches:25:32'
  ).split(':');
  const children: Child[] = [];
  const dataDirs: string[] = [];
  const agent = new Agent({ connections: 64, keepAliveTimeout: 60_000 });
  try {
    const started = await forkReady(join(here, 'cases/gateway-read/upstream.ts'));
    children.push(started.child);
    const upstream = started.ready as ReplayingUpstream;
    // Four processes, started a, b, b, a: the order they start in (their ports, their memory's
    // place) costs or saves a few percent by itself (an a/a run measured 1.03), and this way each
    // build has one process of each kind.
    const builds = [];
    for (const mainJs of [mainA, mainB, mainB, mainA]) {
      const build = await startBuild(mainJs, upstream, dataDirs);
      children.push(build.child);
      builds.push(build);
    }
    const serverCpu = availableParallelism() > 1 ? 1 : 0;
    for (const build of builds) pin(build.child.process.pid, serverCpu);
    if (serverCpu === 1) {
      pin(started.child.process.pid, 0);
      pin(process.pid, 0);
    }
    const targets: Target[] = builds.map((build, index) => ({
      name: String(index),
      origin: build.url,
      path: `/v1/repositories/github/${upstream.repository.id}/${resource}?limit=${limit}`,
      headers: { authorization: `Bearer ${build.token}` },
      pid: build.child.process.pid,
    }));
    const load = (index: number, forSeconds: number): Promise<LoadResult> =>
      drive(agent, targets[index] as Target, Number(connections), forSeconds);
    // Warm every process (V8 optimises the read path over the first thousands of requests).
    for (let warm = 0; warm < 4; warm += 1)
      for (const index of [0, 1, 2, 3]) await load(index, 1.5);
    const ratios: number[] = [];
    const cpu: number[][] = [[], []];
    const perRequest = (runs: LoadResult[]): number =>
      runs.reduce((sum, run) => sum + run.cpuUsPerRequest * run.requests, 0) /
      runs.reduce((sum, run) => sum + run.requests, 0);
    for (let round = 0; round < rounds; round += 1) {
      const results: LoadResult[] = [];
      const order = round % 2 === 0 ? [0, 1, 2, 3] : [3, 2, 1, 0];
      for (const index of order) results[index] = await load(index, seconds / 2);
      const [a0, b0, b1, a1] = results as [LoadResult, LoadResult, LoadResult, LoadResult];
      const a = perRequest([a0, a1]);
      const b = perRequest([b0, b1]);
      cpu[0]?.push(a);
      cpu[1]?.push(b);
      ratios.push(b / a);
      process.stdout.write(
        `round ${String(round + 1)}: a ${a.toFixed(0)} µs CPU/req, b ${b.toFixed(0)} µs, b/a ${(b / a).toFixed(3)}\n`,
      );
    }
    process.stdout.write(
      `${resource} limit=${limit}, ${connections} conn.: a ${median(cpu[0] ?? []).toFixed(0)} µs CPU/req, b ${median(cpu[1] ?? []).toFixed(0)} µs; b/a median ${median(ratios).toFixed(3)} (below 1: b is cheaper)\n`,
    );
  } finally {
    await agent.close();
    for (const child of children.reverse()) await child.stop();
    for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
  }
}

await main(process.argv.slice(2));
