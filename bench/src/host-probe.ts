import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

// The dev and CI hosts here change speed for minutes at a time (bench/README.md: the same minimal
// route read 338 µs of CPU a request in one run and 403 in the next, commits 495 and 1,046), and
// the gateway-read ratios move with it. The probe times one fixed piece of work in a fresh process
// on the CPU the servers are pinned to, so a run says which mode the host was in.

/**
 * Two fixed workloads in a child process, CPU µs each (median of 7 batches): a JSON round trip of
 * a 25-record page (the engine), and a 16 KB message there and back over a loopback TCP socket
 * (the kernel's share, which is most of the minimal route's CPU).
 */
const SCRIPT = `
const net = require('node:net');
const page = { data: Array.from({ length: 25 }, (_, i) => ({ name: 'feature/branch-' + i,
  commit: { sha: (i * 2654435761 >>> 0).toString(16).padStart(40, '0'), url: 'https://api.example.test/commits/' + i },
  protected: i % 3 === 0, labels: ['a', 'b', 'c'] })), page_info: { has_next_page: true, next_cursor: 'x'.repeat(120) } };
const median = (list) => list.sort((a, b) => a - b)[list.length >> 1];
const timed = async (batch, count) => {
  for (let i = 0; i < 5; i++) await batch(count);
  const times = [];
  for (let round = 0; round < 7; round++) {
    const before = process.cpuUsage(); await batch(count); const used = process.cpuUsage(before);
    times.push((used.user + used.system) / count);
  }
  return median(times);
};
const json = async (count) => { for (let i = 0; i < count; i++) JSON.parse(JSON.stringify(page)); };
const message = Buffer.alloc(16384, 120);
const server = net.createServer((socket) => socket.pipe(socket)).listen(0, '127.0.0.1', async () => {
  const client = net.connect(server.address().port, '127.0.0.1');
  client.setNoDelay(true);
  await new Promise((resolve) => client.once('connect', resolve));
  const echo = (count) => new Promise((resolve) => {
    let left = count, got = 0;
    const onData = (chunk) => {
      got += chunk.length;
      if (got < message.length) return;
      got = 0;
      if (--left === 0) { client.off('data', onData); resolve(); } else client.write(message);
    };
    client.on('data', onData);
    client.write(message);
  });
  const out = [await timed(json, 400), await timed(echo, 200)];
  client.destroy(); server.close();
  process.stdout.write(out.join(' '));
});
`;

export interface HostProbe {
  jsonUs: number;
  socketUs: number;
}

/**
 * The two workloads above in a fresh process pinned to `cpu` when `taskset` exists (NaN when the
 * child fails). Lower is a faster host.
 */
export function probeHost(cpu: number): HostProbe {
  const pinned = existsSync('/usr/bin/taskset');
  const command = pinned ? '/usr/bin/taskset' : process.execPath;
  const args = pinned ? ['-c', String(cpu), process.execPath, '-e', SCRIPT] : ['-e', SCRIPT];
  const result = spawnSync(command, args, { encoding: 'utf8', timeout: 60_000 });
  const [jsonUs = Number.NaN, socketUs = Number.NaN] =
    result.status === 0 ? result.stdout.split(' ').map(Number) : [];
  return { jsonUs, socketUs };
}

/** One line for a run's output: the probes before and after, and whether the host changed mode. */
export function describeProbes(cpu: number, before: HostProbe, after: HostProbe): string {
  const moved = (a: number, b: number): boolean =>
    Number.isFinite(b / a) && (b / a > 1.15 || b / a < 1 / 1.15);
  const changed = moved(before.jsonUs, after.jsonUs) || moved(before.socketUs, after.socketUs);
  return (
    `  host probe on CPU ${cpu}, CPU µs (lower is faster): JSON round trip of a 25-record page ` +
    `${before.jsonUs.toFixed(1)} before, ${after.jsonUs.toFixed(1)} after; 16 KB loopback echo ` +
    `${before.socketUs.toFixed(1)} before, ${after.socketUs.toFixed(1)} after` +
    (changed ? ' — the host changed speed during the run: compare its ratios with care\n' : '\n')
  );
}
