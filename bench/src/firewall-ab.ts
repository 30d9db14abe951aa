/**
 * Two builds of @scm/firewall against each other in one process: is a change faster?
 *
 *   pnpm --filter @scm/bench exec tsx src/firewall-ab.ts <a/dist/index.js> <b/dist/index.js>
 *
 * Processes run one after the other compare badly on a shared host: its speed can drift by half
 * within minutes (bench/README.md, the firewall case), so whichever side runs later wins or loses
 * by the drift. Here both builds stream the same generated diff (FIREWALL_AB_MB, default 30, as
 * 64 KB Buffers) in ABBA order — a, b, b, a — for FIREWALL_AB_ROUNDS rounds (default 8) after
 * three untimed runs of each, so a drift falls on both alike; each round gives b's CPU throughput
 * over a's. Build the other side first (e.g. `git worktree add /tmp/old HEAD~1`, then `pnpm
 * --filter @scm/firewall build` there). Pin it with `taskset -c 1` on a two-CPU box.
 */
import { generateDiff } from './cases/firewall/generate-diff.js';
import { streamChunks, streamThrough } from './cases/firewall/sides.js';
import { median } from './harness.js';

interface FirewallModule {
  createFirewall(config: { hashKey: string }): Parameters<typeof streamThrough>[0];
}

async function main([pathA, pathB]: readonly string[]): Promise<void> {
  if (pathA === undefined || pathB === undefined)
    throw new Error('usage: firewall-ab.ts <a/dist/index.js> <b/dist/index.js>');
  const megabytes = Number(process.env.FIREWALL_AB_MB ?? '30');
  const rounds = Number(process.env.FIREWALL_AB_ROUNDS ?? '8');
  const a = (await import(pathA)) as FirewallModule;
  const b = (await import(pathB)) as FirewallModule;
  const { text } = generateDiff(megabytes * 1e6);
  const chunks = streamChunks(text);
  const config = { hashKey: 'bench-firewall-key-0123456789abcdef' };
  const firewallA = a.createFirewall(config);
  const firewallB = b.createFirewall(config);
  /** MB per CPU-second of one pass over the diff. */
  const run = async (firewall: Parameters<typeof streamThrough>[0]): Promise<number> => {
    const before = process.cpuUsage();
    await streamThrough(firewall, chunks);
    const used = process.cpuUsage(before);
    return text.length / (used.user + used.system);
  };
  for (let warm = 0; warm < 3; warm += 1) {
    await run(firewallA);
    await run(firewallB);
  }
  const ratesA: number[] = [];
  const ratesB: number[] = [];
  const ratios: number[] = [];
  for (let round = 0; round < rounds; round += 1) {
    const a1 = await run(firewallA);
    const b1 = await run(firewallB);
    const b2 = await run(firewallB);
    const a2 = await run(firewallA);
    ratesA.push((a1 + a2) / 2);
    ratesB.push((b1 + b2) / 2);
    ratios.push((b1 + b2) / (a1 + a2));
  }
  console.log(
    `stream, ${String(megabytes)} MB, ${String(rounds)} ABBA rounds: a ${median(ratesA).toFixed(0)} MB per CPU-second, b ${median(ratesB).toFixed(0)}; b ÷ a median ${median(ratios).toFixed(3)} (rounds ${Math.min(...ratios).toFixed(3)}–${Math.max(...ratios).toFixed(3)})`,
  );
}

await main(process.argv.slice(2));
