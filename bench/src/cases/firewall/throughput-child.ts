/**
 * Run in a child process by the firewall bench case: one side of the throughput comparison alone in
 * its process (FIREWALL_CHILD_MODE = stream | string | secretlint), on the generated diff of
 * FIREWALL_CHILD_MB megabytes, FIREWALL_CHILD_ROUNDS timed runs after FIREWALL_CHILD_WARMUP untimed
 * runs of the whole diff (default 4). Prints one JSON line: the CPU time of each run. In one process
 * the two sides share a heap and a collector, and each pays for the other's garbage; alone, each is
 * charged its own work.
 *
 * Why whole-diff warm-up runs: V8 keeps optimising the firewall's scanner over its first few
 * hundred megabytes (the stream, 100 MB runs in one process: 158, 233, 238, 231, 243, 249 MB per
 * CPU-second; five warm-up runs on a 5 MB prefix were not enough), while secretlint is steady from
 * its first run (59.8, 59.6, 59.4). A gateway scans diffs all day: the steady state is what it sees.
 */
import { createFirewall } from '@scm/firewall';
import { generateDiff } from './generate-diff.js';
import { secretlintDetect, splitSources, streamChunks, streamThrough } from './sides.js';

const megabytes = Number(process.env.FIREWALL_CHILD_MB ?? '100');
const rounds = Number(process.env.FIREWALL_CHILD_ROUNDS ?? '3');
const mode = process.env.FIREWALL_CHILD_MODE ?? 'stream';
if (!['stream', 'string', 'secretlint'].includes(mode))
  throw new Error(`FIREWALL_CHILD_MODE: unknown side "${mode}"`);

const warmUps = Number(process.env.FIREWALL_CHILD_WARMUP ?? '4');
const { text } = generateDiff(megabytes * 1_000_000);
const firewall = createFirewall({ hashKey: 'bench-firewall-key-0123456789abcdef' });

function side(input: string): () => Promise<unknown> {
  if (mode === 'secretlint') {
    const sources = splitSources(input);
    return () => secretlintDetect(sources);
  }
  if (mode === 'stream') {
    const chunks = streamChunks(input);
    return () => streamThrough(firewall, chunks);
  }
  return () => Promise.resolve(firewall.applyToDiffText(input));
}

const run = side(text);
// Warm: V8 compiles and then optimises the scanner's hot loops over the first runs (see above).
for (let warm = 0; warm < warmUps; warm += 1) await run();
const cpuUs: number[] = [];
for (let round = 0; round < rounds; round += 1) {
  const before = process.cpuUsage();
  await run();
  const used = process.cpuUsage(before);
  cpuUs.push(used.user + used.system);
}
process.stdout.write(
  `${JSON.stringify({ mode, bytes: Buffer.byteLength(text, 'utf8'), cpuUs })}\n`,
);
