/**
 * Where one server's CPU per request goes against another's, by package: reads two V8 CPU
 * profiles (`--cpu-prof`, e.g. the two servers of `BENCH_PROFILE_DIR=… pnpm bench gateway-read`),
 * sums each profile's self time by the package (or Node module, or own package) of the function
 * that ran, and scales each profile's shares to the CPU per request the bench printed for it.
 *
 *   pnpm --filter @scm/bench exec tsx src/profile-diff.ts <baseline.cpuprofile> <µs/req> \
 *     <candidate.cpuprofile> <µs/req>
 *
 * Samples before the first one taken while the server handled a request (a stack through Node's
 * `parserOnIncoming`) are left out, so start-up is not counted; idle samples never are. A server
 * run by tsx also writes a profile of tsx's loader thread: use the main thread's
 * (`CPU.<date>.<time>.<pid>.0.<n>.cpuprofile`).
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
}

/** Node's HTTP server calls it for every request it reads. */
const REQUEST_FRAME = 'parserOnIncoming';

/** The group a function belongs to: an npm package, a Node module, a workspace package. */
function groupOf(functionName: string, url: string): string {
  const pkg = /node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg?.[1] !== undefined) return pkg[1];
  if (url.startsWith('node:'))
    return `node:${url.replace(/^node:(internal\/)?/, '').split('/')[0]}`;
  if (url === '') return functionName;
  const workspace = /\/packages\/([^/]+)\//.exec(url);
  if (workspace?.[1] !== undefined) return `@scm/${workspace[1]}`;
  if (url.includes('/apps/api/')) return '@scm/api';
  return url.split('/').slice(-2).join('/');
}

/** Busy samples per group, counted from the first request the server handled on. */
function selfByGroup(profile: Profile): { groups: Map<string, number>; busy: number } {
  const byId = new Map(profile.nodes.map((node) => [node.id, node.callFrame]));
  const parentOf = new Map<number, number>();
  for (const node of profile.nodes)
    for (const child of node.children ?? []) parentOf.set(child, node.id);
  const inRequest = (sample: number): boolean => {
    for (let id: number | undefined = sample; id !== undefined; id = parentOf.get(id))
      if (byId.get(id)?.functionName === REQUEST_FRAME) return true;
    return false;
  };
  const groups = new Map<string, number>();
  let busy = 0;
  let answering = false;
  for (const sample of profile.samples) {
    const frame = byId.get(sample);
    if (frame === undefined) continue;
    if (!answering) answering = inRequest(sample);
    if (!answering || frame.functionName === '(idle)') continue;
    busy += 1;
    const group = groupOf(frame.functionName, frame.url);
    groups.set(group, (groups.get(group) ?? 0) + 1);
  }
  return { groups, busy };
}

function main(argv: readonly string[]): void {
  const [baseFile, baseCpu, candFile, candCpu] = argv;
  if (baseFile === undefined || candFile === undefined)
    throw new Error('usage: profile-diff.ts <baseline> <µs/req> <candidate> <µs/req>');
  const read = (file: string) => selfByGroup(JSON.parse(readFileSync(file, 'utf8')) as Profile);
  const base = read(baseFile);
  const cand = read(candFile);
  const perRequest = (side: typeof base, cpu: number, group: string) =>
    side.busy === 0 ? 0 : ((side.groups.get(group) ?? 0) / side.busy) * cpu;
  const rows = [...new Set([...base.groups.keys(), ...cand.groups.keys()])].map((group) => {
    const b = perRequest(base, Number(baseCpu), group);
    const c = perRequest(cand, Number(candCpu), group);
    return { group, b, c };
  });
  rows.sort((x, y) => y.c - y.b - (x.c - x.b));
  console.log(
    `${'group'.padEnd(32)} ${'base µs'.padStart(8)} ${'cand µs'.padStart(8)} ${'extra'.padStart(8)}`,
  );
  for (const { group, b, c } of rows.slice(0, 40))
    console.log(
      `${group.slice(0, 32).padEnd(32)} ${b.toFixed(1).padStart(8)} ${c.toFixed(1).padStart(8)} ${(c - b).toFixed(1).padStart(8)}`,
    );
}

main(process.argv.slice(2));
