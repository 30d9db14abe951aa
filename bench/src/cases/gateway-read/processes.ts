import { execFileSync, fork, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { request } from 'undici';

/** A child process the bench started, and how to stop it (only it, by its id). */
export interface Child {
  process: ChildProcess;
  stop(): Promise<void>;
}

/** `--cpu-prof` into BENCH_PROFILE_DIR when it is set: a profile per server, written when it stops. */
export function profileFlags(): string[] {
  const profileDir = process.env.BENCH_PROFILE_DIR;
  return profileDir === undefined ? [] : ['--cpu-prof', `--cpu-prof-dir=${profileDir}`];
}

/**
 * A forked TypeScript child (same tsx loader) that reports one message once it is ready;
 * `profiled`: with `profileFlags()`.
 */
export async function forkReady(
  script: string,
  env: Record<string, string> = {},
  profiled = false,
): Promise<{ child: Child; ready: unknown }> {
  const process_ = fork(script, [], {
    env: { ...process.env, ...env },
    execArgv: [...process.execArgv, ...(profiled ? profileFlags() : [])],
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const [ready] = (await once(process_, 'message')) as [unknown];
  return {
    child: {
      process: process_,
      stop: async () => {
        if (process_.exitCode !== null) return;
        process_.send('stop');
        await once(process_, 'exit');
      },
    },
    ready,
  };
}

export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  server.close();
  await once(server, 'close');
  return port;
}

/** Starts the built gateway (`apps/api/dist/main.js`, as `pnpm start` does) and waits for /health. */
export async function startGateway(
  mainJs: string,
  port: number,
  env: Record<string, string>,
): Promise<Child> {
  const child = spawn(process.execPath, [...profileFlags(), mainJs], {
    env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the gateway exited with ${child.exitCode}`);
    try {
      const response = await request(`http://127.0.0.1:${port}/health`);
      await response.body.text();
      if (response.statusCode === 200) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error('the gateway did not answer /health in 60 s');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    process: child,
    stop: async () => {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await once(child, 'exit');
    },
  };
}

/** Pins every thread of a process to one CPU (Linux `taskset`), so both sides get the same core. */
export function pin(pid: number | undefined, cpu: number): boolean {
  if (pid === undefined || !existsSync('/usr/bin/taskset')) return false;
  try {
    execFileSync('/usr/bin/taskset', ['-apc', String(cpu), String(pid)], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** User + system CPU time of a process so far, in µs (Linux /proc; NaN elsewhere). */
export function cpuMicros(pid: number | undefined): number {
  if (pid === undefined) return Number.NaN;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    return (ticks / 100) * 1_000_000;
  } catch {
    return Number.NaN;
  }
}
