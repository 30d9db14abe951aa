import { fork } from 'node:child_process';
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

export const firewallCase: BenchCase = {
  name: 'firewall',
  async run() {
    const megabytes = positiveNumber('FIREWALL_BENCH_MB', 100);
    const rounds = Math.round(positiveNumber('FIREWALL_BENCH_ROUNDS', 3));
    const rssSizes = (process.env.FIREWALL_BENCH_RSS_MB ?? '10,100')
      .split(',')
      .map((size) => Number(size.trim()))
      .filter((size) => Number.isFinite(size) && size > 0);

    const { text, files } = generateDiff(megabytes * 1_000_000);
    const bytes = Buffer.byteLength(text, 'utf8');
    const sections = splitSources(text);
    const firewall = createFirewall({ hashKey: HASH_KEY });
    const naive = createNaiveScanner(HASH_KEY);
    const secretlintConfig = {
      rules: [{ id: '@secretlint/secretlint-rule-preset-recommend', rule: recommendedPreset }],
    };

    let ours = 0;
    let naiveFindings = 0;
    let secretlintFindings = 0;
    const candidate = {
      name: '@scm/firewall applyToDiffText',
      fn: () => {
        const result = firewall.applyToDiffText(text);
        ours = result.report.secrets + result.report.blockedFiles;
        return result;
      },
    };
    process.stdout.write(
      `\nfirewall: ${(bytes / 1e6).toFixed(1)} MB generated diff, ${files} files, ${rounds} rounds (FIREWALL_BENCH_MB, FIREWALL_BENCH_ROUNDS)\n`,
    );

    const versusNaive = await runComparison({
      name: `firewall vs naive regex-per-line baseline (${(bytes / 1e6).toFixed(0)} MB)`,
      baseline: {
        name: 'naive: split lines, 19 regexes each',
        fn: () => {
          naiveFindings = naive(text).findings;
        },
      },
      candidate,
      iterations: 1,
      rounds,
      warmup: 0,
    });
    const versusSecretlint = await runComparison({
      name: `firewall vs secretlint 12 recommended preset, detect only (${(bytes / 1e6).toFixed(0)} MB)`,
      baseline: {
        name: 'secretlint lintSource per ~1 MB source',
        fn: async () => {
          let found = 0;
          for (let index = 0; index < sections.length; index++) {
            const result = await lintSource({
              source: {
                content: sections[index] ?? '',
                filePath: `diff-${index}.diff`,
                contentType: 'text',
              },
              options: { config: secretlintConfig, noPhysicFilePath: true },
            });
            found += result.messages.length;
          }
          secretlintFindings = found;
        },
      },
      candidate,
      iterations: 1,
      rounds,
      warmup: 0,
    });

    const lines = [
      '',
      'firewall throughput (median of rounds)',
      `  naive baseline     ${mbPerSecond(bytes, versusNaive.baseline.usPerOp).padStart(7)} MB/s  ${naiveFindings} findings`,
      `  secretlint         ${mbPerSecond(bytes, versusSecretlint.baseline.usPerOp).padStart(7)} MB/s  ${secretlintFindings} findings`,
      `  @scm/firewall      ${mbPerSecond(bytes, versusNaive.candidate.usPerOp).padStart(7)} MB/s  ${ours} secrets + blocked files`,
      `  speed-up vs naive ${(1 / versusNaive.ratio).toFixed(2)}×, vs secretlint ${(1 / versusSecretlint.ratio).toFixed(2)}×`,
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
    if (rssSizes.length > 0) {
      process.stdout.write(
        '\nstreaming peak RSS (FIREWALL_BENCH_RSS_MB; one child process per row; raw = the same pipeline without the firewall)\n',
      );
      for (const size of rssSizes) {
        const raw = await measureRss(size, 'raw');
        const filtered = await measureRss(size, 'firewall');
        process.stdout.write(
          `  ${String(size).padStart(5)} MB   raw ${raw.peakRssMb.toFixed(0).padStart(4)} MB   firewall ${filtered.peakRssMb.toFixed(0).padStart(4)} MB   (stream ${(size / filtered.seconds).toFixed(1)} MB/s wall)\n`,
        );
      }
    }
    const results: ComparisonResult[] = [versusNaive, versusSecretlint];
    return results;
  },
};
