/** A function to time. It may return a promise; it is then awaited before the next call. */
export interface BenchSubject {
  name: string;
  fn: () => unknown;
}

export interface ComparisonOptions {
  name: string;
  baseline: BenchSubject;
  candidate: BenchSubject;
  /** Calls per round for each subject. Default 2 000. */
  iterations?: number;
  /** Rounds; each runs both subjects, the order flipping every round (AB, BA, AB…). Default 10. */
  rounds?: number;
  /** Untimed calls of each subject before the first round (JIT, pools, caches). Default iterations / 4. */
  warmup?: number;
  /** Print the table to stdout. Default true. */
  print?: boolean;
}

export interface SubjectResult {
  name: string;
  /** Median over rounds of wall time per call. */
  usPerOp: number;
  opsPerSec: number;
  /** Median over rounds of process CPU time (user + system) per call. */
  cpuUsPerOp: number;
  /** Wall µs per call of each round, in round order. */
  roundsUsPerOp: number[];
}

export interface ComparisonResult {
  name: string;
  iterations: number;
  rounds: number;
  baseline: SubjectResult;
  candidate: SubjectResult;
  /** Median over rounds of candidate / baseline wall time per call; 1.5 = candidate 50 % slower. */
  ratio: number;
  /** Median over rounds of candidate / baseline CPU time per call. */
  cpuRatio: number;
}

interface Sample {
  wallUs: number;
  cpuUs: number;
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  const upper = sorted[middle] ?? Number.NaN;
  return sorted.length % 2 === 1 ? upper : ((sorted[middle - 1] ?? upper) + upper) / 2;
}

// Sync subjects run in a plain loop: awaiting each call would time the microtask queue instead.
async function runBatch(fn: () => unknown, calls: number, isAsync: boolean): Promise<Sample> {
  const cpuStart = process.cpuUsage();
  const start = process.hrtime.bigint();
  if (isAsync) {
    for (let i = 0; i < calls; i++) await fn();
  } else {
    for (let i = 0; i < calls; i++) fn();
  }
  const wallNs = process.hrtime.bigint() - start;
  const cpu = process.cpuUsage(cpuStart);
  return { wallUs: Number(wallNs) / 1000, cpuUs: cpu.user + cpu.system };
}

async function detectAsync(fn: () => unknown): Promise<boolean> {
  const first = fn();
  if (!isThenable(first)) return false;
  await first;
  return true;
}

function summarize(name: string, samples: readonly Sample[], iterations: number): SubjectResult {
  const roundsUsPerOp = samples.map((sample) => sample.wallUs / iterations);
  const usPerOp = median(roundsUsPerOp);
  return {
    name,
    usPerOp,
    opsPerSec: 1e6 / usPerOp,
    cpuUsPerOp: median(samples.map((sample) => sample.cpuUs / iterations)),
    roundsUsPerOp,
  };
}

/**
 * Times a candidate against a baseline in the same process. Rounds alternate the order so drift
 * (thermal, GC pressure, a noisy neighbour) hits both sides alike; the ratio is the median of the
 * per-round ratios, which is steadier than a ratio of means.
 */
export async function runComparison(options: ComparisonOptions): Promise<ComparisonResult> {
  const iterations = options.iterations ?? 2000;
  const rounds = options.rounds ?? 10;
  const warmup = options.warmup ?? Math.ceil(iterations / 4);
  if (!Number.isSafeInteger(iterations) || iterations < 1)
    throw new RangeError('iterations must be ≥ 1');
  if (!Number.isSafeInteger(rounds) || rounds < 1) throw new RangeError('rounds must be ≥ 1');
  if (!Number.isSafeInteger(warmup) || warmup < 0) throw new RangeError('warmup must be ≥ 0');

  const { baseline, candidate } = options;
  const baselineAsync = await detectAsync(baseline.fn);
  const candidateAsync = await detectAsync(candidate.fn);
  await runBatch(baseline.fn, warmup, baselineAsync);
  await runBatch(candidate.fn, warmup, candidateAsync);

  const baselineSamples: Sample[] = [];
  const candidateSamples: Sample[] = [];
  for (let round = 0; round < rounds; round++) {
    if (round % 2 === 0) {
      baselineSamples.push(await runBatch(baseline.fn, iterations, baselineAsync));
      candidateSamples.push(await runBatch(candidate.fn, iterations, candidateAsync));
    } else {
      candidateSamples.push(await runBatch(candidate.fn, iterations, candidateAsync));
      baselineSamples.push(await runBatch(baseline.fn, iterations, baselineAsync));
    }
  }

  const ratioOf = (pick: (sample: Sample) => number): number =>
    median(
      candidateSamples.map((sample, round) => {
        const base = baselineSamples[round];
        return base === undefined ? Number.NaN : pick(sample) / pick(base);
      }),
    );
  const result: ComparisonResult = {
    name: options.name,
    iterations,
    rounds,
    baseline: summarize(baseline.name, baselineSamples, iterations),
    candidate: summarize(candidate.name, candidateSamples, iterations),
    ratio: ratioOf((sample) => sample.wallUs),
    cpuRatio: ratioOf((sample) => sample.cpuUs),
  };
  if (options.print ?? true) process.stdout.write(`${formatComparison(result)}\n`);
  return result;
}

function fixed(value: number, digits: number): string {
  return Number.isFinite(value) ? value.toFixed(digits) : '—';
}

function formatOps(value: number): string {
  return Number.isFinite(value) ? Math.round(value).toLocaleString('en-US') : '—';
}

function renderTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((cell, column) =>
    Math.max(cell.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
  const line = (cells: readonly string[]): string =>
    cells
      .map((cell, column) =>
        column === 0 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0),
      )
      .join('  ')
      .trimEnd();
  return [
    line(header),
    widths.map((width) => '-'.repeat(width)).join('  '),
    ...rows.map(line),
  ].join('\n');
}

/** The comparison as a small aligned table, baseline first. */
export function formatComparison(result: ComparisonResult): string {
  const row = (subject: SubjectResult, ratio: string, cpuRatio: string): string[] => [
    subject.name,
    fixed(subject.usPerOp, 2),
    formatOps(subject.opsPerSec),
    fixed(subject.cpuUsPerOp, 2),
    ratio,
    cpuRatio,
  ];
  const title = `${result.name}  (${result.rounds} rounds × ${result.iterations} calls, medians)`;
  const table = renderTable(
    ['', 'µs/op', 'ops/s', 'CPU µs/op', 'ratio', 'CPU ratio'],
    [
      row(result.baseline, '1.00', '1.00'),
      row(result.candidate, `${fixed(result.ratio, 2)}×`, `${fixed(result.cpuRatio, 2)}×`),
    ],
  );
  return `\n${title}\n${table}`;
}

/** One line per comparison: the ratios side by side. */
export function formatSummary(results: readonly ComparisonResult[]): string {
  return renderTable(
    ['comparison', 'baseline', 'candidate', 'ratio', 'CPU ratio'],
    results.map((result) => [
      result.name,
      result.baseline.name,
      result.candidate.name,
      `${fixed(result.ratio, 2)}×`,
      `${fixed(result.cpuRatio, 2)}×`,
    ]),
  );
}
