import { z } from 'zod';
import type {
  invalidateScanCache,
  scanPermissions,
  scanProgress,
  scanResults,
  scanStatus,
  startOrgScan,
} from '../scans/org-scan.js';
import { answers } from './route-doc.js';

// Answers of the GitHub organization scan routes, each checked against its service's return type.

type Answer<F extends (...args: never[]) => unknown> = Awaited<ReturnType<F>>;

const Progress = z.object({
  status: z.string(),
  progress: z.number(),
  reposScanned: z.number().int(),
  reposTotal: z.number().int(),
  startedAt: z.string(),
});

const Scan = Progress.extend({
  id: z.string(),
  org: z.string(),
  completedAt: z.string().nullable(),
  error: z.string().nullable(),
});

export const ScanProgress = answers<Answer<typeof scanProgress>>()(Progress);

export const ScanStarted = answers<Answer<typeof startOrgScan>>()(
  z.object({ started: z.boolean(), scan: Scan }),
);

export const ScanStatus = answers<Answer<typeof scanStatus>>()(
  z.object({
    org: z.string(),
    lastCompletedAt: z.string().nullable(),
    lastScanId: z.string().nullable(),
    cached: z.boolean(),
    current: Scan.nullable(),
  }),
);

export const ScanCacheInvalidated = answers<Answer<typeof invalidateScanCache>>()(
  z.object({ invalidated: z.number().int(), findingsDropped: z.number().int() }),
);

export const ScanPermissions = answers<Answer<typeof scanPermissions>>()(
  z.object({
    sufficient: z.boolean(),
    required: z.record(z.string(), z.string()),
    granted: z.record(z.string(), z.string()),
    missing: z.array(
      z.object({ permission: z.string(), needed: z.string(), granted: z.string().nullable() }),
    ),
  }),
);

export const ScanResults = answers<Answer<typeof scanResults>>()(
  z.object({
    scan: Scan,
    findings: z.array(
      z.object({
        repository_id: z.string().describe("GitHub's repository id."),
        full_name: z.string().describe('`org/name`.'),
        default_branch: z.string().nullable(),
        default_branch_protected: z.boolean(),
        visibility: z.string().describe('`public`, `private` or `internal`.'),
        archived: z.boolean(),
        outside_admins: z
          .array(z.string())
          .describe('Logins of admin collaborators who are not owners of the organization.'),
        scanned_at: z.string().describe('ISO 8601 time the repository was read.'),
      }),
    ),
    total: z.number().int(),
    page: z.number().int(),
    per_page: z.number().int(),
  }),
);
