import { z } from 'zod';

// The workspace integrations API (seed 002, `/api/integrations`): parameters, bodies and queries.

export const ProviderParams = z.object({ provider: z.string().min(1).max(100) });

/** GitHub: an installation of the tenant's GitHub App and the account it is installed on. */
export const GitHubConnectBody = z
  .object({
    installationId: z
      .union([z.string().trim(), z.number().int().nonnegative()])
      .transform(String)
      .pipe(z.string().regex(/^\d{1,20}$/, 'must be a GitHub installation id (digits)')),
    accountLogin: z.string().trim().min(1, 'is required').max(100),
  })
  .strict();

/** Other providers: a token of the account (GitLab's personal access token), on a host. */
export const TokenConnectBody = z
  .object({
    host_url: z.string().trim().min(1).max(500).optional(),
    token: z.string().trim().min(1, 'is required').max(4096),
    display_name: z.string().trim().min(1).max(200).optional(),
  })
  .strict();

const positiveInt = (max: number) =>
  z
    .string()
    .regex(/^\d{1,6}$/, 'must be a whole number')
    .transform(Number)
    .pipe(z.number().int().min(1).max(max));

/** `?page&per_page&search` of the repository listing (per_page 1–100, default 30). */
export const ReposQuery = z.object({
  page: positiveInt(1_000_000).default(1),
  per_page: positiveInt(100).default(30),
  search: z.string().max(200).optional(),
});
