import { z } from 'zod';

/** A form field left empty is absent. */
const optionalField = (max: number) =>
  z
    .string()
    .max(max)
    .optional()
    .transform((value) => (value === undefined || value.trim() === '' ? undefined : value.trim()));

export const ConfigForm = z.object({
  csrf: z.string().min(1).max(4096),
  client_id: z.string().trim().min(1).max(200).describe("The app's client id (`client_…`)."),
  client_secret: optionalField(400).describe(
    "The app's client secret; empty keeps the one saved for the same client id.",
  ),
  customer_ref: optionalField(200).describe('The customer the consent is given for (optional).'),
});

export const CsrfForm = z.object({ csrf: z.string().min(1).max(4096) });

export const CallbackQuery = z.object({
  code: z.string().max(512).optional(),
  state: z.string().max(1024).optional(),
  iss: z.string().max(1024).optional(),
  error: z.string().max(200).optional(),
  error_description: z.string().max(1000).optional(),
});

export const ScenarioQuery = z.object({
  provider: optionalField(64).describe('A provider id; with `repoId`.'),
  repoId: optionalField(512).describe(
    "The repository's provider id; empty: the first granted repository.",
  ),
  repositoryId: optionalField(512).describe('The same as `repoId`.'),
});
