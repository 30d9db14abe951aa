import { z } from 'zod';

const flag = z
  .enum(['1', 'true', '0', 'false'])
  .transform((value) => value === '1' || value === 'true')
  .optional();

export const StartQuerySchema = z.object({
  web: flag,
  popup: flag,
  redirect: flag,
  returnTo: z.string().max(2048).optional(),
  tenantId: z.string().max(200).optional(),
  customerRef: z.string().max(200).optional(),
  host: z.string().max(200).optional(),
});

export const BeginQuerySchema = z.object({ state: z.string().min(1).max(512) });

export const CallbackQuerySchema = z.object({
  code: z.string().min(1).max(2048).optional(),
  state: z.string().min(1).max(512),
  error: z.string().max(200).optional(),
  error_description: z.string().max(1000).optional(),
});

export const ListQuerySchema = z.object({
  tenantId: z.string().optional(),
  provider: z.string().optional(),
  limit: z.string().optional(),
  cursor: z.unknown().optional(),
});

export const ManualSchema = z.object({
  provider: z.string(),
  accessToken: z.string().min(1).max(4096),
  tenantId: z.string().max(200).optional(),
  customerRef: z.string().max(200).optional(),
  host: z.string().max(200).optional(),
});

export const ConnectionIdParams = z.object({ connectionId: z.string() });
