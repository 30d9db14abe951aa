import { z } from 'zod';
import { ScmError } from './errors/scm-error.js';

// An adapter's settings are checked once, when it is built: a missing `auth` or a relative
// `baseUrl` is the caller's INVALID_REQUEST naming the field, never a TypeError deep inside the
// first request (#19). Only the shape is checked here; the adapter keeps the object it was given
// (callbacks, dispatchers and loggers are used as passed, never copied through zod).

/** A zod error map: "is required" when the value is absent, `message` otherwise. */
export function settingTypeError(message: string): (issue: { input?: unknown }) => string {
  return (issue) => (issue.input === undefined ? 'is required' : message);
}

/** An absolute http(s) URL without credentials, query or fragment (an API or web root). */
export const httpUrlSetting = z
  .string({ error: settingTypeError('must be a string: an absolute http(s) URL') })
  .refine((value) => {
    if (!URL.canParse(value)) return false;
    const url = new URL(value);
    return (
      (url.protocol === 'https:' || url.protocol === 'http:') &&
      url.username === '' &&
      url.password === '' &&
      url.search === '' &&
      url.hash === ''
    );
  }, 'must be an absolute http(s) URL without credentials, query or fragment, e.g. https://api.example.com');

/** A credential or identifier: a non-empty string (its value never appears in an error). */
export const secretSetting = z
  .string({ error: settingTypeError('must be a non-empty string') })
  .min(1, 'must be a non-empty string');

const positiveMs = z
  .number({ error: 'must be a number of milliseconds' })
  .positive('must be a positive number of milliseconds');
const nonNegativeInt = (what: string) =>
  z
    .number({ error: `must be ${what}` })
    .int(`must be ${what}`)
    .nonnegative(`must be ${what}`);
const withMethods = (what: string, methods: readonly string[]) =>
  z.custom<object>(
    (value) =>
      typeof value === 'object' &&
      value !== null &&
      methods.every((method) => typeof (value as Record<string, unknown>)[method] === 'function'),
    `must be ${what} (an object with ${methods.join(', ')})`,
  );

/** The OAuth token pair adapters accept (`OAuthTokens`). */
export const oauthTokensSetting = z.object(
  {
    accessToken: secretSetting,
    refreshToken: secretSetting.nullable().optional(),
    expiresAt: z.number({ error: 'must be epoch milliseconds or null' }).nullable().optional(),
    scopes: z.array(z.string()).optional(),
    tokenType: z.string().optional(),
  },
  {
    error: settingTypeError(
      'must be an OAuth token pair { accessToken, refreshToken, expiresAt, … }',
    ),
  },
);

/**
 * The schema of `ProviderSettingsBase`. A provider's `<name>-settings.ts` extends it with its own
 * fields (`providerSettingsBaseSchema.extend({ auth: … })`) and checks its settings with
 * `validateProviderSettings`.
 */
export const providerSettingsBaseSchema = z.object({
  baseUrl: httpUrlSetting.optional(),
  dispatcher: withMethods('an undici Dispatcher', ['dispatch']).optional(),
  userAgent: z
    .string({ error: 'must be a string' })
    .min(1, 'must not be empty')
    .max(512, 'must be at most 512 characters')
    .optional(),
  timeoutMs: positiveMs.optional(),
  deadlineMs: positiveMs.optional(),
  retry: z
    .object(
      {
        maxRetries: nonNegativeInt('a whole number of retries, 0 or more').optional(),
        baseDelayMs: nonNegativeInt('a whole number of milliseconds, 0 or more').optional(),
        maxDelayMs: nonNegativeInt('a whole number of milliseconds, 0 or more').optional(),
        maxRetryAfterMs: nonNegativeInt('a whole number of milliseconds, 0 or more').optional(),
      },
      { error: settingTypeError('must be an object such as { maxRetries: 2 }') },
    )
    .optional(),
  cache: withMethods('a CacheStore', ['get', 'set', 'delete']).optional(),
  logger: withMethods('a Logger', ['debug', 'info', 'warn', 'error']).optional(),
  clock: withMethods('a Clock', ['now']).optional(),
  includeRaw: z.boolean({ error: 'must be true or false' }).optional(),
});

/** A callback (`onRefresh`, `renewToken`…). */
export const callbackSetting = z.custom<(...args: never[]) => unknown>(
  (value) => typeof value === 'function',
  'must be a function',
);

/** Webhook secrets (several while rotating): a list of non-empty strings. */
export const webhookSecretsSetting = z
  .array(secretSetting, { error: 'must be a list of strings' })
  .readonly();

export interface ValidateSettingsOptions {
  /** The provider id, set as the error's `provider`. */
  provider: string;
  /** How the message names the adapter, e.g. `GitLab` → "Invalid GitLab provider settings: …". */
  label: string;
}

/** Dotted path of an issue: `auth.tokens.accessToken`, `webhookSecrets[1]`. */
function fieldPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${String(key)}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out === '' ? 'settings' : out;
}

const EXPECTED = /^Invalid input: expected ([a-z]{1,20}), received ([a-z]{1,20})$/;
const DISCRIMINATOR = /^Invalid discriminator value\. Expected (.{1,500})$/;

// zod's wording, made to say what to send; values never appear (they may be secrets).
function describeIssue(issue: z.core.$ZodIssue): string {
  const expected = EXPECTED.exec(issue.message);
  if (expected !== null) {
    const [, want = '', got = ''] = expected;
    if (got === 'undefined') return 'is required';
    return `must be ${/^[aeiou]/.test(want) ? 'an' : 'a'} ${want}, not ${got === 'null' ? 'null' : `a ${got}`}`;
  }
  const discriminator = DISCRIMINATOR.exec(issue.message);
  if (discriminator !== null) return `must be one of ${discriminator[1] ?? ''}`;
  if (issue.code === 'invalid_value')
    return `must be one of ${issue.values.map((value) => JSON.stringify(value)).join(', ')}`;
  return issue.message;
}

/**
 * The `INVALID_REQUEST` error for settings that failed `schema`: every field named (up to five),
 * with what it must be; `details.fields` lists the paths.
 */
export function settingsError(error: z.ZodError, options: ValidateSettingsOptions): ScmError {
  const issues = error.issues.slice(0, 5).map((issue) => ({
    field: fieldPath(issue.path),
    problem: describeIssue(issue),
  }));
  const fields = [...new Set(issues.map((issue) => issue.field))];
  return new ScmError('INVALID_REQUEST', {
    provider: options.provider,
    source: 'client',
    message: `Invalid ${options.label} provider settings: ${issues
      .map((issue) => `${issue.field} ${issue.problem}`)
      .join('; ')}.`,
    details: { fields },
  });
}

/**
 * Checks an adapter's settings against its schema (a `providerSettingsBaseSchema.extend(…)`) and
 * returns them unchanged, or throws `INVALID_REQUEST` naming each offending field (`settingsError`).
 * Call it first thing in the factory.
 */
export function validateProviderSettings<T>(
  schema: z.ZodType,
  settings: T,
  options: ValidateSettingsOptions,
): T {
  const result = schema.safeParse(settings);
  if (!result.success) throw settingsError(result.error, options);
  return settings;
}
