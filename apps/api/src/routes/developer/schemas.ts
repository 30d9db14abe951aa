import { z } from 'zod';

export { CreateAppSchema, UpdateAppSchema } from '../../oauth-clients/schemas.js';

export const ClientIdParams = z.object({ clientId: z.string().min(1).max(128) });
export const ListQuery = z
  .object({ limit: z.unknown().optional(), cursor: z.unknown().optional() })
  .strict();
