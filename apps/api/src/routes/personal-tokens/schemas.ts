import { z } from 'zod';

// Scalingo's tokens API shapes: `POST /v1/tokens` takes `{ "token": { "name": … } }` (or `name` at
// the top level); ids are the gateway's.

const fields = z.object({ name: z.string().trim().min(1, 'is required').max(100) }).strict();

export const CreateTokenBody = z.preprocess(
  (value) =>
    typeof value === 'object' &&
    value !== null &&
    'token' in value &&
    Object.keys(value).length === 1
      ? value.token
      : value,
  fields,
);

export const TokenIdParams = z.object({ id: z.string().min(1).max(100) });
