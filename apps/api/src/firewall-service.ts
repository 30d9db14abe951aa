import { createFirewall, DEFAULT_BLOCKED_PATHS, type Firewall } from '@scm/firewall';
import { z } from 'zod';
import type { PrismaClient } from './generated/sqlite/client.js';
import { readList } from './json-list.js';

const GLOBAL = 'global';

/** The admin-facing part of the firewall config (`/v1/security/firewall/config`). */
export const FirewallSettingsSchema = z
  .object({
    enabled: z.boolean().optional(),
    blockedFilePatterns: z.array(z.string().min(1).max(256)).max(500).optional(),
  })
  .strict();
export type FirewallSettings = { enabled: boolean; blockedFilePatterns: string[]; updatedAt: string | null };

export interface FirewallService {
  current(): Firewall;
  settings(): FirewallSettings;
  update(input: z.infer<typeof FirewallSettingsSchema>): Promise<FirewallSettings>;
  /** Re-reads the stored config (another process may have changed it). */
  reload(): Promise<void>;
}

/**
 * One firewall for the process, its config persisted so every gateway process applies the same
 * rules. The hash key is derived from the master key, so markers are stable across restarts.
 */
export async function createFirewallService(prisma: PrismaClient, hashKey: string): Promise<FirewallService> {
  const firewall = createFirewall({ hashKey });
  let settings: FirewallSettings = { enabled: true, blockedFilePatterns: [...DEFAULT_BLOCKED_PATHS], updatedAt: null };

  const apply = (next: FirewallSettings): FirewallSettings => {
    firewall.update({ hashKey, enabled: next.enabled, blockedPaths: next.blockedFilePatterns });
    settings = next;
    return next;
  };

  const reload = async (): Promise<void> => {
    const row = await prisma.firewallConfig.findUnique({ where: { id: GLOBAL } });
    if (row !== null) apply({ enabled: row.enabled, blockedFilePatterns: readList(row.blockedPaths), updatedAt: row.updatedAt.toISOString() });
  };
  await reload();

  return {
    current: () => firewall,
    settings: () => settings,
    async update(input) {
      const next = {
        enabled: input.enabled ?? settings.enabled,
        blockedFilePatterns: input.blockedFilePatterns ?? settings.blockedFilePatterns,
      };
      // Validate (globs compile) before anything is stored.
      createFirewall({ hashKey, enabled: next.enabled, blockedPaths: next.blockedFilePatterns });
      const row = await prisma.firewallConfig.upsert({
        where: { id: GLOBAL },
        create: { id: GLOBAL, enabled: next.enabled, blockedPaths: JSON.stringify(next.blockedFilePatterns) },
        update: { enabled: next.enabled, blockedPaths: JSON.stringify(next.blockedFilePatterns) },
      });
      return apply({ ...next, updatedAt: row.updatedAt.toISOString() });
    },
    reload,
  };
}
