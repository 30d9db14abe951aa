import { z } from 'zod';

export const MAX_OFFSET = 1_000_000;

const Id = z.string().min(1).max(128);
const Text = z.string().min(1).max(256);
const Unparsed = z.unknown().optional();
/** A decimal offset; `cursor` is the same number as returned in `page_info.next_cursor`. */
const Offset = z
  .string()
  .regex(/^[0-9]{1,7}$/, 'must be a non-negative integer')
  .transform(Number)
  .refine((value) => value <= MAX_OFFSET, { message: `must be at most ${MAX_OFFSET}` });
/**
 * An ISO 8601 instant (with Z or an offset) or a calendar date (UTC), from 1970 on: no usage
 * predates it, and PostgreSQL stores no year 0 (`0000-01-01` was a 500 there).
 */
const IsoInstant = z
  .union([z.iso.datetime({ offset: true }), z.iso.date()])
  .refine((value) => Date.parse(value) >= 0, 'must be 1970-01-01 or later');

export const ConnectionsQuery = z
  .object({
    tenantId: Id.optional(),
    limit: Unparsed,
    offset: Offset.optional(),
    cursor: Offset.optional(),
  })
  .strict();
export const RepositoriesQuery = z
  .object({
    tenantId: Id.optional(),
    provider: Text.optional(),
    limit: Unparsed,
    offset: Offset.optional(),
    cursor: Offset.optional(),
  })
  .strict();
export const SummaryQuery = z
  .object({ from: IsoInstant.optional(), to: IsoInstant.optional(), top: Unparsed })
  .strict();
export const LogsQuery = z
  .object({
    from: IsoInstant.optional(),
    to: IsoInstant.optional(),
    top: Unparsed,
    offset: Offset.optional(),
    clientId: Id.optional(),
    endpointKey: Text.optional(),
    provider: Text.optional(),
    repositoryId: Text.optional(),
  })
  .strict();
