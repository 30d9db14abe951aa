import { z } from 'zod';

const positiveInt = (max: number) =>
  z
    .string()
    .regex(/^\d{1,7}$/, 'must be a whole number')
    .transform(Number)
    .pipe(z.number().int().min(1).max(max));

/** `POST /api/integrations/github/scan-org` body: the organization (default: the installation's). */
export const ScanOrgBody = z.object({ org: z.string().trim().min(1).max(100).optional() }).strict();

/** `?page&per_page&scan_id` of the scan results (per_page 1–100, default 30). */
export const ScanResultsQuery = z.object({
  page: positiveInt(1_000_000).default(1),
  per_page: positiveInt(100).default(30),
  scan_id: z.string().min(1).max(64).optional(),
});
