/**
 * Run in a child process by the firewall bench case: one side of the throughput comparison alone in
 * its process (FIREWALL_CHILD_MODE = stream | string | secretlint), on the generated diff of
 * FIREWALL_CHILD_MB megabytes, FIREWALL_CHILD_ROUNDS timed runs after five untimed runs on a 5 MB
 * prefix. Prints one JSON line: the CPU time of each run. In one process the two sides share a heap
 * and a collector, and each pays for the other's garbage; alone, each is charged its own work.
 */
import { createFirewall } from '@scm/firewall';
import { generateDiff } from './generate-diff.js';
import { secretlintDetect, splitSources, streamChunks, streamThrough } from './sides.js';

const megabytes = Number(process.env.FIREWALL_CHILD_MB ?? '100');
const rounds = Number(process.env.FIREWALL_CHILD_ROUNDS ?? '3');
const mode = process.env.FIREWALL_CHILD_MODE ?? 'stream';
if (!['stream', 'string', 'secretlint'].includes(mode))
  throw new Error(`FIREWALL_CHILD_MODE: unknown side "${mode}"`);

const { text } = generateDiff(megabytes * 1_000_000);
const warm = text.slice(0, text.indexOf('\ndiff --git ', 5_000_000) + 1 || text.length);
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

// Warm: V8 compiles the scanner's hot loops over the first few runs (the first is 3–5× slower).
const warmUp = side(warm);
for (let run = 0; run < 5; run += 1) await warmUp();
const run = side(text);
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
