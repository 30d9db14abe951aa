import type { Diff, DiffFile } from '@scm/core';
import { FirewallConfigSchema, type FirewallConfig, type FirewallConfigInput } from './config.js';
import { Engine } from './engine.js';
import { compilePolicy, type Policy } from './policy.js';
import { ReportBuilder, type FirewallReport } from './report.js';
import { createFirewallStream, type FirewallStream } from './stream.js';

/** A file payload as the gateway returns it. */
export interface FileInput {
  path: string;
  content: string;
}

export interface FileOutput {
  path: string;
  /** null when the path is blocked. */
  content: string | null;
  blocked: boolean;
}

export interface Firewall {
  /** The config in force (validated, defaults filled in). */
  readonly config: FirewallConfig;
  /**
   * Validates and swaps the config; calls that start afterwards use it, calls and streams already
   * running keep the one they started with. Throws zod's error and keeps the old config when
   * the new one is invalid.
   */
  update(config: FirewallConfigInput): void;
  /**
   * Blocks files and hashes secrets in a normalized diff. Blocked files stay in the list with
   * `blocked: true` and `patch: null`. Returns a new diff; `raw` (the provider's unfiltered
   * payload) is dropped when the firewall is enabled.
   */
  applyToDiff<T extends Diff>(diff: T): { diff: Omit<T, 'raw'>; report: FirewallReport };
  /** Blocks or filters one file's content. */
  applyToFile(file: FileInput): { file: FileOutput; report: FirewallReport };
  /**
   * Whether a path (a file, or a directory: `secrets/**` blocks `secrets` too) matches a blocked
   * pattern under the config in force; always false when the firewall is disabled. For listings
   * (file trees) that must not reveal what a diff would block.
   */
  isPathBlocked(path: string): boolean;
  /** Filters unified diff text (`git diff` output, several files) as a string. */
  applyToDiffText(text: string): { text: string; report: FirewallReport };
  /**
   * A Node Transform over unified diff text (or, with `{ path }`, over one file's content): the
   * same output as `applyToDiffText` / `applyToFile` however the input is chunked, in bounded
   * memory. Its `report` is complete once the stream has ended.
   */
  createStream(options?: { path?: string }): FirewallStream;
}

/** Builds a firewall from a config (see FirewallConfigSchema; only `hashKey` is required). */
export function createFirewall(config: FirewallConfigInput): Firewall {
  let current = FirewallConfigSchema.parse(config);
  let policy: Policy = compilePolicy(current);

  const filterDiffFile = (file: DiffFile, active: Policy, report: ReportBuilder): DiffFile => {
    const blocked =
      active.isBlocked(file.path) ||
      (file.previousPath !== null && active.isBlocked(file.previousPath));
    if (blocked) {
      report.blocked(file.path);
      return { ...file, patch: null, blocked: true };
    }
    if (file.patch === null) return { ...file };
    const engine = new Engine(active, report, 'diff', file.path);
    return { ...file, patch: engine.write(file.patch) + engine.end() };
  };

  return {
    get config() {
      return current;
    },
    update(next) {
      const parsed = FirewallConfigSchema.parse(next);
      const compiled = compilePolicy(parsed);
      current = parsed;
      policy = compiled;
    },
    applyToDiff(diff) {
      const active = policy;
      const report = new ReportBuilder();
      const { raw: _raw, ...rest } = diff;
      if (!active.active) return { diff: rest, report: report.snapshot() };
      const files = diff.files.map((file) => filterDiffFile(file, active, report));
      return { diff: { ...rest, files }, report: report.snapshot() };
    },
    applyToFile(file) {
      const active = policy;
      const report = new ReportBuilder();
      if (!active.active) {
        return {
          file: { path: file.path, content: file.content, blocked: false },
          report: report.snapshot(),
        };
      }
      if (active.isBlocked(file.path)) {
        report.blocked(file.path);
        return {
          file: { path: file.path, content: null, blocked: true },
          report: report.snapshot(),
        };
      }
      const engine = new Engine(active, report, 'file', file.path);
      const content = engine.write(file.content) + engine.end();
      return { file: { path: file.path, content, blocked: false }, report: report.snapshot() };
    },
    isPathBlocked(path) {
      const active = policy;
      return active.active && active.isBlocked(path);
    },
    applyToDiffText(text) {
      const active = policy;
      const report = new ReportBuilder();
      if (!active.active) return { text, report: report.snapshot() };
      const engine = new Engine(active, report, 'diff', null);
      return { text: engine.write(text) + engine.end(), report: report.snapshot() };
    },
    createStream(options) {
      return createFirewallStream(policy, options?.path ?? null);
    },
  };
}
