import { performance } from 'node:perf_hooks';
import type { Agent } from 'undici';
import { median } from '../../harness.js';
import { cpuMicros } from './processes.js';

export interface Target {
  name: string;
  origin: string;
  path: string;
  headers: Record<string, string>;
  /** The process whose CPU is counted (the server measured). */
  pid: number | undefined;
}

export interface LoadResult {
  requests: number;
  seconds: number;
  /** Server CPU µs per request. */
  cpuUsPerRequest: number;
  p50Ms: number;
}

/** Keeps `connections` requests in flight for `seconds`; every answer must be a 200. */
export async function drive(
  agent: Agent,
  target: Target,
  connections: number,
  seconds: number,
): Promise<LoadResult> {
  const latencies: number[] = [];
  const cpuBefore = cpuMicros(target.pid);
  const started = performance.now();
  const end = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (performance.now() < end) {
        const sent = performance.now();
        const response = await agent.request({
          origin: target.origin,
          path: target.path,
          method: 'GET',
          headers: target.headers,
        });
        const text = await response.body.text();
        if (response.statusCode !== 200)
          throw new Error(`${target.name}: ${response.statusCode} ${text.slice(0, 200)}`);
        latencies.push(performance.now() - sent);
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  return {
    requests: latencies.length,
    seconds: elapsed,
    cpuUsPerRequest: (cpuMicros(target.pid) - cpuBefore) / latencies.length,
    p50Ms: median(latencies),
  };
}
