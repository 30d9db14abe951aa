import { fork } from 'node:child_process';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { lintSource } from '@secretlint/core';
import { creator as recommendedPreset } from '@secretlint/secretlint-rule-preset-recommend';
import { createFirewall } from '@scm/firewall';
import { runComparison, type ComparisonResult } from '../harness.js';
import type { BenchCase } from './case.js';
import { generateDiff } from './firewall/generate-diff.js';
import { createNaiveScanner } from './firewall/naive.js';

const HASH_KEY = 'bench-firewall-key-0123456789abcdef';

function positiveNumber(name: string, fallback: number): number {
  const raw = process.env[name];
  const value = raw === undefined || raw === '' ? fallback : Number(raw);
  if (!Number.isFinite(value) || value <= 0)
    throw new RangeError(`${name} must be a positive number`);
  return value;
}

/**
 * The diff in sources of about 1 MB, cut at `diff --git` lines, for secretlint's `lintSource`.
 * Not one source per file: secretlint's profiler keeps every performance mark it ever saw and
 * searches that list on each one (@secretlint/profiler 12.0.0, `SecretLintProfiler`), so its cost
 * per call grows with the number of calls made in the process — the quadratic behaviour on Node 20.
 * A hundred calls for 100 MB keep that out of the measurement.
 */
const SOURCE_BYTES = 1_000_000;

function splitSources(text: string): string[] {
  const sources: string[] = [];
  let from = 0;
  while (from < text.length) {
    const next = text.indexOf('\ndiff --git ', from + SOURCE_BYTES);
    const end = next < 0 ? text.length : next + 1;
    sources.push(text.slice(from, end));
    from = end;
  }
  return sources;
}

interface RssSample {
  mode: string;
  megabytes: number;
  seconds: number;
  peakRssMb: number;
}

function measureRss(megabytes: number, mode: 'raw' | 'firewall'): Promise<RssSample> {
  const script = fileURLToPath(new URL('./firewall/rss-child.ts', import.meta.url));
  return new Promise((resolve, reject) => {
    // fork() reuses this process's execArgv, so the child runs under the same tsx loader.
    const child = fork(script, [], {
      env: { ...process.env, FIREWALL_RSS_MB: String(megabytes), FIREWALL_RSS_MODE: mode },
      stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
    });
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code !== 0) {
        reject(new Error(`rss child exited with ${String(code)}`));
        return;
      }
      try {
        resolve(JSON.parse(output.trim().split('\n').pop() ?? '') as RssSample);
      } catch (error) {
        reject(error instanceof Error ? error : new Error(String(error)));
      }
    });
  });
}

const mbPerSecond = (bytes: number, usPerOp: number): string =>
  (bytes / 1e6 / (usPerOp / 1e6)).toFixed(1);

/** The targets (#21). */
const TARGET_MB_PER_CPU_SECOND = 250;
const TARGET_VERSUS_SECRETLINT = 5;
const TARGET_PEAK_RSS_MB = 150;

/** What a socket or a file read hands a stream: about 64 KB at a time. */
const STREAM_CHUNK = 64 * 1024;

function label(bytes: number): string {
  if (bytes >= 1e6) return `${String(Math.round(bytes / 1e6))} MB`;
  return `${String(Math.round(bytes / 1e3))} KB`;
}

/** 1 KB, 10 KB, … up to `top` bytes (the last size is `top` itself). */
function sizesUpTo(top: number): number[] {
  const sizes: number[] = [];
  for (let size = 1_000; size < top * 0.9; size *= 10) sizes.push(size);
  sizes.push(top);
  return sizes;
}

/** The diff's first `bytes` characters, up to the end of that line (a truncated last file). */
function prefix(text: string, bytes: number): string {
  if (bytes >= text.length) return text;
  const cut = text.indexOf('\n', bytes);
  return cut < 0 ? text : text.slice(0, cut + 1);
}

async function secretlintDetect(sources: readonly string[]): Promise<number> {
  const config = {
    rules: [{ id: '@secretlint/secretlint-rule-preset-recommend', rule: recommendedPreset }],
  };
  let found = 0;
  for (let index = 0; index < sources.length; index++) {
    const result = await lintSource({
      source: {
        content: sources[index] ?? '',
        filePath: `diff-${index}.diff`,
        contentType: 'text',
      },
      options: { config, noPhysicFilePath: true },
    });
    found += result.messages.length;
  }
  return found;
}

/** Streams `chunks` through `createStream()` into a sink that only counts; resolves the count. */
async function streamThrough(
  firewall: ReturnType<typeof createFirewall>,
  chunks: readonly string[],
): Promise<number> {
  let out = 0;
  await pipeline(
    Readable.from(chunks),
    firewall.createStream(),
    new Writable({
      decodeStrings: false,
      write(chunk: string | Buffer, _encoding, callback) {
        out += chunk.length;
        callback();
      },
    }),
  );
  return out;
}

interface SizeRow {
  bytes: number;
  string: ComparisonResult;
  stream: ComparisonResult;
}

/** Per size: applyToDiffText and the Transform, each against secretlint's detection, CPU time. */
async function throughputBySize(
  text: string,
  top: number,
  rounds: number,
  firewall: ReturnType<typeof createFirewall>,
): Promise<SizeRow[]> {
  const rows: SizeRow[] = [];
  for (const size of sizesUpTo(top)) {
    const input = prefix(text, size);
    const bytes = Buffer.byteLength(input, 'utf8');
    const sources = splitSources(input);
    const chunks: string[] = [];
    for (let from = 0; from < input.length; from += STREAM_CHUNK)
      chunks.push(input.slice(from, from + STREAM_CHUNK));
    // Small sizes are timed over several calls; at most 50, because secretlint's profiler makes
    // every call slower than the one before (see SOURCE_BYTES).
    const iterations = Math.min(50, Math.max(1, Math.round(1e6 / bytes)));
    const common = { iterations, rounds, warmup: bytes < 1e7 ? iterations : 0, print: false };
    const baseline = { name: 'secretlint', fn: () => secretlintDetect(sources) };
    const string = await runComparison({
      name: `firewall string API vs secretlint (${label(bytes)})`,
      baseline,
      candidate: { name: 'applyToDiffText', fn: () => firewall.applyToDiffText(input) },
      ...common,
    });
    const stream = await runComparison({
      name: `firewall stream vs secretlint (${label(bytes)})`,
      baseline,
      candidate: { name: 'createStream', fn: () => streamThrough(firewall, chunks) },
      ...common,
    });
    rows.push({ bytes, string, stream });
  }
  return rows;
}

function formatSizes(rows: readonly SizeRow[]): string {
  const cpuMbs = (bytes: number, result: ComparisonResult['candidate']): string =>
    mbPerSecond(bytes, result.cpuUsPerOp);
  const header = [
    'size',
    'string API',
    'stream',
    'secretlint',
    'string ÷ secretlint',
    'stream ÷ secretlint',
  ];
  const body = rows.map((row) => [
    label(row.bytes),
    cpuMbs(row.bytes, row.string.candidate),
    cpuMbs(row.bytes, row.stream.candidate),
    cpuMbs(row.bytes, row.string.baseline),
    `${(1 / row.string.cpuRatio).toFixed(2)}×`,
    `${(1 / row.stream.cpuRatio).toFixed(2)}×`,
  ]);
  const widths = header.map((cell, column) =>
    Math.max(cell.length, ...body.map((row) => (row[column] ?? '').length)),
  );
  const line = (cells: readonly string[]): string =>
    `  ${cells.map((cell, column) => (column === 0 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0))).join('  ')}`;
  return [line(header), ...body.map(line)].join('\n');
}

export const firewallCase: BenchCase = {
  name: 'firewall',
  async run() {
    const megabytes = positiveNumber('FIREWALL_BENCH_MB', 100);
    const rounds = Math.round(positiveNumber('FIREWALL_BENCH_ROUNDS', 3));
    const rssSizes = (process.env.FIREWALL_BENCH_RSS_MB ?? '10,100,300')
      .split(',')
      .map((size) => Number(size.trim()))
      .filter((size) => Number.isFinite(size) && size > 0);

    const { text, files } = generateDiff(megabytes * 1_000_000);
    const bytes = Buffer.byteLength(text, 'utf8');
    const firewall = createFirewall({ hashKey: HASH_KEY });
    const naive = createNaiveScanner(HASH_KEY);
    process.stdout.write(
      `\nfirewall: ${(bytes / 1e6).toFixed(1)} MB generated diff, ${String(files)} files, ${String(rounds)} rounds (FIREWALL_BENCH_MB, FIREWALL_BENCH_ROUNDS)\n`,
    );

    let ours = 0;
    let naiveFindings = 0;
    const versusNaive = await runComparison({
      name: `firewall vs naive regex-per-line baseline (${(bytes / 1e6).toFixed(0)} MB)`,
      baseline: {
        name: 'naive: split lines, 19 regexes each',
        fn: () => {
          naiveFindings = naive(text).findings;
        },
      },
      candidate: {
        name: '@scm/firewall applyToDiffText',
        fn: () => {
          const result = firewall.applyToDiffText(text);
          ours = result.report.secrets + result.report.blockedFiles;
          return result;
        },
      },
      iterations: 1,
      rounds,
      warmup: 0,
    });
    const secretlintFindings = await secretlintDetect(splitSources(text));

    const rows = await throughputBySize(text, bytes, rounds, firewall);
    const top = rows[rows.length - 1];
    const lines = [
      '',
      `firewall throughput by size, MB per CPU-second of this process (median of ${String(rounds)} rounds; the stream is fed ${String(STREAM_CHUNK / 1024)} KB chunks)`,
      formatSizes(rows),
      '',
      `  naive baseline ${mbPerSecond(bytes, versusNaive.baseline.cpuUsPerOp)} MB/s (${String(naiveFindings)} findings); secretlint ${String(secretlintFindings)} findings; @scm/firewall ${String(ours)} secrets + blocked files`,
      `  speed-up vs naive ${(1 / versusNaive.cpuRatio).toFixed(2)}× (CPU)`,
    ];
    if (top !== undefined) {
      const perCpuSecond = (result: ComparisonResult): number =>
        bytes / 1e6 / (result.candidate.cpuUsPerOp / 1e6);
      const stream = perCpuSecond(top.stream);
      const string = perCpuSecond(top.string);
      const best = Math.max(string, stream);
      const versus = Math.max(1 / top.string.cpuRatio, 1 / top.stream.cpuRatio);
      const verdict = (met: boolean): string => (met ? 'met' : 'not met');
      lines.push(
        `  target at ${label(top.bytes)} (the better of the two paths): ≥ ${String(TARGET_MB_PER_CPU_SECOND)} MB per CPU-second — measured ${best.toFixed(0)} (${verdict(best >= TARGET_MB_PER_CPU_SECOND)}); ≥ ${String(TARGET_VERSUS_SECRETLINT)}× secretlint — measured ${versus.toFixed(2)}× (${verdict(versus >= TARGET_VERSUS_SECRETLINT)})`,
        `    stream, ${String(STREAM_CHUNK / 1024)} KB chunks: ${stream.toFixed(0)} MB per CPU-second, ${(1 / top.stream.cpuRatio).toFixed(2)}× secretlint; string API: ${string.toFixed(0)} MB per CPU-second, ${(1 / top.string.cpuRatio).toFixed(2)}× secretlint`,
      );
    }
    process.stdout.write(`${lines.join('\n')}\n`);
    if (rssSizes.length > 0) {
      process.stdout.write(
        `\nstreaming peak RSS (FIREWALL_BENCH_RSS_MB; one child process per row, ${String(STREAM_CHUNK / 1024)} KB chunks; raw = the same pipeline without the firewall; target ≤ ${String(TARGET_PEAK_RSS_MB)} MB)\n`,
      );
      for (const size of rssSizes) {
        const raw = await measureRss(size, 'raw');
        const filtered = await measureRss(size, 'firewall');
        const verdict = filtered.peakRssMb <= TARGET_PEAK_RSS_MB ? 'met' : 'not met';
        process.stdout.write(
          `  ${String(size).padStart(5)} MB   raw ${raw.peakRssMb.toFixed(0).padStart(4)} MB   firewall ${filtered.peakRssMb.toFixed(0).padStart(4)} MB (${verdict})   (stream ${(size / filtered.seconds).toFixed(1)} MB/s wall, generator included)\n`,
        );
      }
    }
    const results: ComparisonResult[] = [
      versusNaive,
      ...rows.flatMap((row) => [row.string, row.stream]),
    ];
    return results;
  },
};
