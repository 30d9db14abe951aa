import type { z } from 'zod';
import { invalidRequest } from './errors.js';

/** Parses request input with a zod schema; failure is INVALID_REQUEST naming the fields. */
export function parseInput<S extends z.ZodType>(
  schema: S,
  input: unknown,
  where: 'query' | 'body' | 'params',
): z.infer<S> {
  const result = schema.safeParse(input ?? {});
  if (!result.success) throw invalidRequest(result.error, where);
  return result.data;
}
