import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Agent, request } from 'undici';
import { median, type ComparisonResult, type SubjectResult } from '../harness.js';
import type { BenchCase } from './case.js';
import { cpuMicros, freePort } from './gateway-read/processes.js';

const ROUNDS = Number(process.env.START_BENCH_ROUNDS ?? 5);
/** How long a started process sits idle before its RSS is read. */
const IDLE_MS = Number(process.env.START_BENCH_IDLE_MS ?? 1_000);
/** Between two /health attempts while a process starts: the resolution of the figures. */
const POLL_MS = 5;
const DEADLINE_MS = 60_000;

/** One start: spawn → first 200 on /health, the process's CPU by then, and its RSS once idle. */
interface Start {
  ms: number;
  cpuMs: number;
  rssMb: number;
}

/**
 * The baseline: an Express 5 hello world with a `/health` route, as plain ESM run by `node` (no
 * loader), importing the same `express` the bench resolves.
 */
function helloWorldSource(): string {
  const express = pathToFileURL(createRequire(import.meta.url).resolve('express')).href;
  return [
    `import express from ${JSON.stringify(express)};`,
    'const app = express();',
    "app.get('/health', (_req, res) => { res.json({ status: 'ok' }); });",
    "app.listen(Number(process.env.PORT), '127.0.0.1');",
  ].join('\n');
}

/** VmRSS of a live process in MB (Linux /proc; NaN elsewhere). */
function rssMb(pid: number | undefined): number {
  if (pid === undefined) return Number.NaN;
  try {
    const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match === null ? Number.NaN : Number(match[1]) / 1024;
  } catch {
    return Number.NaN;
  }
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

/** Spawns `args` with PORT set, polls /health every 5 ms until a 200, then idles and reads RSS. */
async function timeStart(
  agent: Agent,
  args: string[],
  env: Record<string, string | undefined>,
): Promise<Start> {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, args, {
    env: { ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  try {
    for (;;) {
      if (child.exitCode !== null)
        throw new Error(`${args.join(' ')} exited with ${child.exitCode}`);
      try {
        const response = await request(`http://127.0.0.1:${port}/health`, { dispatcher: agent });
        await response.body.dump();
        if (response.statusCode === 200) break;
      } catch {
        // not listening yet
      }
      if (performance.now() - started > DEADLINE_MS)
        throw new Error(`${args.join(' ')} did not answer /health in ${DEADLINE_MS / 1000} s`);
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
    const ms = performance.now() - started;
    const cpuMs = cpuMicros(child.pid) / 1000;
    await new Promise((resolve) => setTimeout(resolve, IDLE_MS));
    return { ms, cpuMs, rssMb: rssMb(child.pid) };
  } finally {
    await stop(child);
  }
}

function subject(name: string, starts: Start[]): SubjectResult {
  const perRound = starts.map((start) => start.ms * 1000);
  const usPerOp = median(perRound);
  return {
    name,
    usPerOp,
    opsPerSec: 1_000_000 / usPerOp,
    cpuUsPerOp: median(starts.map((start) => start.cpuMs * 1000)),
    roundsUsPerOp: perRound,
  };
}

function line(name: string, starts: Start[]): string {
  const ms = starts.map((start) => start.ms);
  return `  ${name.padEnd(34)} ${median(ms).toFixed(0).padStart(6)} ms (${Math.min(...ms).toFixed(0)}–${Math.max(...ms).toFixed(0)})  CPU ${median(
    starts.map((start) => start.cpuMs),
  )
    .toFixed(0)
    .padStart(5)} ms  RSS ${median(starts.map((start) => start.rssMb))
    .toFixed(0)
    .padStart(4)} MB`;
}

/**
 * Issue #21's `start`: the built gateway as `pnpm start` runs it (`apps/api/dist/main.js`, SQLite
 * in a fresh DATA_DIR) from spawn to its first 200 on `/health`, against an Express 5 hello world
 * started the same way in the same run. Two gateway starts per round: the first migrates the new
 * file, the second opens the migrated one. Rounds alternate which side starts first.
 */
export const startCase: BenchCase = {
  name: 'start',
  async run() {
    const mainJs = join(dirname(createRequire(import.meta.url).resolve('@scm/api')), 'main.js');
    const hello = ['--input-type=module', '--eval', helloWorldSource()];
    const env: Record<string, string | undefined> = { ...process.env, LOG_LEVEL: 'info' };
    // The gateway's database is the data folder's SQLite file, whatever the caller's shell says.
    delete env.DATABASE_URL;
    delete env.WEB_CONCURRENCY;
    delete env.NODE_OPTIONS;
    const agent = new Agent({ pipelining: 0 });
    const runs: { hello: Start[]; first: Start[]; second: Start[] } = {
      hello: [],
      first: [],
      second: [],
    };
    const dataDirs: string[] = [];
    process.stdout.write(
      `\nstart: spawn → first 200 on /health, ${ROUNDS} rounds; CPU = the process's user + system time by then; RSS = VmRSS after ${IDLE_MS} ms idle\n`,
    );
    try {
      // Untimed: warms the disk cache for both sides.
      await timeStart(agent, hello, env);
      const warmDir = mkdtempSync(join(tmpdir(), 'scm-bench-start-'));
      dataDirs.push(warmDir);
      await timeStart(agent, [mainJs], { ...env, DATA_DIR: warmDir });
      for (let round = 0; round < ROUNDS; round += 1) {
        const dataDir = mkdtempSync(join(tmpdir(), 'scm-bench-start-'));
        dataDirs.push(dataDir);
        const gateway = async () => {
          runs.first.push(await timeStart(agent, [mainJs], { ...env, DATA_DIR: dataDir }));
          runs.second.push(await timeStart(agent, [mainJs], { ...env, DATA_DIR: dataDir }));
        };
        const baseline = async () => {
          runs.hello.push(await timeStart(agent, hello, env));
        };
        if (round % 2 === 0) {
          await baseline();
          await gateway();
        } else {
          await gateway();
          await baseline();
        }
      }
    } finally {
      await agent.close();
      for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
    }
    process.stdout.write(`${line('Express 5 hello world', runs.hello)}\n`);
    process.stdout.write(`${line('gateway, first start (migrates)', runs.first)}\n`);
    process.stdout.write(`${line('gateway, second start (migrated)', runs.second)}\n`);
    const results: ComparisonResult[] = [];
    const baseline = subject('Express 5 hello world', runs.hello);
    for (const [key, name] of [
      ['first', 'gateway first start (migrates)'],
      ['second', 'gateway start (migrated file)'],
    ] as const) {
      const starts = runs[key];
      const candidate = subject(name, starts);
      const ratioOf = (pick: (start: Start) => number) =>
        median(
          starts.map((start, round) => {
            const base = runs.hello[round];
            return base === undefined ? Number.NaN : pick(start) / pick(base);
          }),
        );
      const ratio = ratioOf((start) => start.ms);
      const rssRatio = ratioOf((start) => start.rssMb);
      process.stdout.write(
        `  ${name}: ${ratio.toFixed(2)}× the hello world's time to first 200, CPU ${ratioOf((start) => start.cpuMs).toFixed(2)}×, RSS ${rssRatio.toFixed(2)}×\n`,
      );
      results.push({
        name: `start: ${name} → first 200`,
        iterations: 1,
        rounds: ROUNDS,
        baseline,
        candidate,
        ratio,
        cpuRatio: ratioOf((start) => start.cpuMs),
      });
    }
    return results;
  },
};
