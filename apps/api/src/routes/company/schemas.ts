import { z } from 'zod';

export const PageQuery = z.object({
  customer_ref: z.string().min(1).max(200).optional(),
  customer_name: z.string().min(1).max(200).optional(),
});

export const FormSchema = z.object({
  form: z.string().min(1).max(4096),
  scope: z.union([z.string(), z.array(z.string())]).optional(),
  repository: z.union([z.string(), z.array(z.string())]).optional(),
});

export const ConnectionIdParams = z.object({ connectionId: z.string() });
