import type { Logger } from '@scm/core';
import { createFirewall, DEFAULT_BLOCKED_PATHS, type Firewall } from '@scm/firewall';
import { z } from 'zod';
import type { PrismaClient } from './generated/sqlite/client.js';
import { readList } from './json-list.js';

const GLOBAL = 'global';

/**
 * How often every process re-reads the stored settings: a change made through one gateway process
 * is applied by every other process on the same database within this bound (plus one query).
 */
export const FIREWALL_REFRESH_MS = 1_000;

/** The admin-facing part of the firewall config (`/v1/security/firewall/config`). */
export const FirewallSettingsSchema = z
  .object({
    enabled: z.boolean().optional(),
    blockedFilePatterns: z.array(z.string().min(1).max(256)).max(500).optional(),
  })
  .strict();
export type FirewallSettings = {
  enabled: boolean;
  blockedFilePatterns: string[];
  updatedAt: string | null;
};

export interface FirewallService {
  current(): Firewall;
  settings(): FirewallSettings;
  /** Stores a change (a partial one completes the settings as stored now) and applies it here at once. */
  update(input: z.infer<typeof FirewallSettingsSchema>): Promise<FirewallSettings>;
  /** Re-reads the stored config now (the timer does it every `refreshMs`). */
  reload(): Promise<void>;
  /** Stops the refresh timer. */
  close(): Promise<void>;
}

export interface FirewallServiceOptions {
  /** Re-read period of the stored settings; 0 turns the timer off. Default FIREWALL_REFRESH_MS. */
  refreshMs?: number;
  logger?: Logger;
}

const DEFAULT_SETTINGS: FirewallSettings = {
  enabled: true,
  blockedFilePatterns: [...DEFAULT_BLOCKED_PATHS],
  updatedAt: null,
};

/**
 * Memory on the diff routes. Their answer is a parsed JSON `Diff` (the `files[].patch` contract),
 * so they cannot stream the provider's bytes through `createStream()` without changing it; they use
 * `applyToDiff`, whose cost is bounded instead: it filters one patch at a time, holds one line of
 * it beyond the input, and returns an unchanged patch as the same string (no copy), so the
 * filtered diff adds only the patches that had a secret hashed (measured: 6.6 MB retained for
 * 27.6 MB of patches with 1,519 secrets). The bound on the whole request is the adapter's: the
 * provider's diff is read into memory once (and what the provider truncates, `truncated: true`,
 * never arrives). A future raw-diff route (`text/x-diff`) should pipe the upstream body through
 * `current().createStream()`, which holds one chunk and one line whatever the size.
 */

/**
 * One firewall per process, its config persisted so every gateway process applies the same rules:
 * the process that takes a change applies it at once, every other one within `refreshMs` (an
 * unref'd timer reads the one settings row; no query on the request path). The hash key is derived
 * from the master key, so markers are stable across restarts.
 */
export async function createFirewallService(
  prisma: PrismaClient,
  hashKey: string,
  options: FirewallServiceOptions = {},
): Promise<FirewallService> {
  const firewall = createFirewall({ hashKey });
  let settings: FirewallSettings = DEFAULT_SETTINGS;
  let stored = '';
  // Bumped by every update here: a re-read that started before it must not undo it.
  let version = 0;

  const apply = (next: FirewallSettings): FirewallSettings => {
    firewall.update({ hashKey, enabled: next.enabled, blockedPaths: next.blockedFilePatterns });
    settings = next;
    return next;
  };

  const reload = async (): Promise<void> => {
    const started = version;
    const row = await prisma.firewallConfig.findUnique({ where: { id: GLOBAL } });
    if (started !== version) return;
    // The row as a whole: two changes within one millisecond still differ.
    const seen =
      row === null
        ? ''
        : `${String(row.enabled)}\u0000${row.blockedPaths}\u0000${row.updatedAt.toISOString()}`;
    if (seen === stored) return;
    stored = seen;
    apply(
      row === null
        ? DEFAULT_SETTINGS
        : {
            enabled: row.enabled,
            blockedFilePatterns: readList(row.blockedPaths),
            updatedAt: row.updatedAt.toISOString(),
          },
    );
  };
  await reload();

  const refreshMs = options.refreshMs ?? FIREWALL_REFRESH_MS;
  let refreshing: Promise<void> = Promise.resolve();
  let busy = false;
  const timer =
    refreshMs > 0
      ? setInterval(() => {
          if (busy) return;
          busy = true;
          refreshing = reload()
            .catch((error: unknown) => {
              // The rules in force stay in force; the next tick tries again.
              options.logger?.warn('firewall settings refresh failed', {
                error: error instanceof Error ? error.message : String(error),
              });
            })
            .finally(() => {
              busy = false;
            });
        }, refreshMs)
      : undefined;
  timer?.unref();

  return {
    current: () => firewall,
    settings: () => settings,
    async update(input) {
      // Another process may have changed what a partial update completes.
      await reload();
      const next = {
        enabled: input.enabled ?? settings.enabled,
        blockedFilePatterns: input.blockedFilePatterns ?? settings.blockedFilePatterns,
      };
      // Validate (globs compile) before anything is stored.
      createFirewall({ hashKey, enabled: next.enabled, blockedPaths: next.blockedFilePatterns });
      const row = await prisma.firewallConfig.upsert({
        where: { id: GLOBAL },
        create: {
          id: GLOBAL,
          enabled: next.enabled,
          blockedPaths: JSON.stringify(next.blockedFilePatterns),
        },
        update: { enabled: next.enabled, blockedPaths: JSON.stringify(next.blockedFilePatterns) },
      });
      version++;
      stored = `${String(row.enabled)}\u0000${row.blockedPaths}\u0000${row.updatedAt.toISOString()}`;
      return apply({ ...next, updatedAt: row.updatedAt.toISOString() });
    },
    reload,
    async close() {
      if (timer !== undefined) clearInterval(timer);
      await refreshing;
    },
  };
}
