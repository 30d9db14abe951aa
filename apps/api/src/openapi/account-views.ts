import { z } from 'zod';
import type { acceptInvitation } from '../members/service.js';
import type { deleteDeveloperApp } from '../routes/developer/service.js';
import type { listUsageLogs, usageSummary } from '../routes/account/service.js';
import { answers } from './route-doc.js';
import { App } from './views.js';

// Answers of the session routes (account usage, developer apps, invitations), each checked
// against what its service returns.

type Answer<F extends (...args: never[]) => unknown> = Awaited<ReturnType<F>>;

const Instant = (what: string) => z.string().describe(`${what} (ISO 8601, UTC).`);
const AvgDuration = z
  .number()
  .describe('The mean request duration in milliseconds, rounded to 2 decimals (0 when none).');

const Bucket = {
  count: z.number().int().describe('Requests in the range.'),
  errors: z.number().int().describe('Of those, the ones that answered a status of 400 or more.'),
  avgDurationMs: AvgDuration,
};

export const UsageSummary = answers<Answer<typeof usageSummary>>()(
  z.object({
    tenantId: z.string(),
    from: Instant('The start of the range, included'),
    to: Instant('The end of the range: `to` as sent (a calendar date counts whole), else now'),
    top: z.number().int().describe('How many groups each `by…` list holds at most.'),
    totals: z.object({
      requests: z.number().int(),
      errors: z.number().int(),
      avgDurationMs: AvgDuration,
    }),
    byEndpoint: z.array(
      z.object({
        endpointKey: z.string().describe('The unified endpoint, `repositories.list`…'),
        ...Bucket,
      }),
    ),
    byClient: z.array(
      z.object({
        clientId: z.string().nullable().describe('The app; null for calls without one.'),
        clientName: z.string().nullable().describe("The app's name; null when unknown."),
        ...Bucket,
      }),
    ),
    byProvider: z.array(
      z.object({
        provider: z.string().nullable().describe('null for calls that reach no provider.'),
        ...Bucket,
      }),
    ),
    byStatus: z.array(
      z.object({
        status: z.number().int().describe('The HTTP status answered.'),
        count: z.number().int(),
        avgDurationMs: AvgDuration,
      }),
    ),
  }),
);

export const UsageLog = answers<Answer<typeof listUsageLogs>[number]>()(
  z.object({
    id: z.string(),
    requestId: z.string().describe('The `x-request-id` of the call.'),
    clientId: z.string().nullable(),
    endpointKey: z.string(),
    method: z.string(),
    provider: z.string().nullable(),
    repositoryId: z.string().nullable(),
    status: z.number().int(),
    errorCode: z.string().nullable().describe('The canonical error code of a failed call.'),
    durationMs: z.number().int(),
    createdAt: Instant('When the call was made'),
  }),
);

/**
 * The account lists' offset paging: `next_cursor` is `next_offset` as a string, so a client that
 * pages by `cursor` and one that pages by `offset` both work.
 */
export function offsetCollectionOf<T extends z.ZodType>(item: T) {
  return z.object({
    data: z.array(item),
    page_info: z.object({
      limit: z.number().int(),
      offset: z.number().int().describe('Items skipped before this page.'),
      has_next_page: z.boolean(),
      next_cursor: z
        .string()
        .nullable()
        .describe('Pass it back as `cursor` for the next page; null on the last page.'),
      next_offset: z
        .number()
        .int()
        .nullable()
        .describe('The same, as `offset`; null on the last page.'),
    }),
  });
}

/** The usage log's offset paging (`top`, `offset`). */
export const UsageLogs = z.object({
  data: z.array(UsageLog),
  page_info: z.object({
    limit: z.number().int().describe('`top`: lines per page.'),
    offset: z.number().int(),
    has_next_page: z.boolean(),
    next_offset: z
      .number()
      .int()
      .nullable()
      .describe('Pass it as `offset` for the next page; null on the last page.'),
  }),
});

export const AppDeleted = answers<Answer<typeof deleteDeveloperApp>>()(
  App.extend({
    revoked: z
      .object({
        authorizations: z.number().int().describe('Grants revoked.'),
        accessTokens: z.number().int().describe('Access and refresh tokens revoked.'),
        authorizationCodes: z.number().int().describe('Unused authorization codes spent.'),
      })
      .describe('What the deletion revoked.'),
  }),
);

/** A session answer, as the JSON login's (`POST /app/login`) and an accepted invitation's. */
export const SessionAnswer = z.object({
  user: z.object({ id: z.string(), email: z.string(), name: z.string().nullable() }),
  tenant: z.object({
    id: z.string(),
    name: z.string(),
    slug: z.string(),
    role: z.string().describe('`owner`, `admin` or `member`.'),
  }),
  session: z.object({
    token: z.string().describe('`sggst_…`: send it as `Authorization: Bearer`.'),
    expiresAt: Instant('When the session ends'),
  }),
});

/** The router adds the new session to what `acceptInvitation` returns. */
export const InvitationAccepted = answers<
  Answer<typeof acceptInvitation> & { session: { token: string; expiresAt: string } }
>()(SessionAnswer);
