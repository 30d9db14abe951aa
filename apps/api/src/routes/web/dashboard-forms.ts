import type { z } from 'zod';
import { CreateAppSchema, UpdateAppSchema } from '../../oauth-clients/schemas.js';

// The dashboard's app form: what the browser posted, kept as typed so a refused form shows it
// again, and the schema's refusals said in the form's words ("Redirect URIs, line 2: …"), not as
// `body.allowedRedirectUris.1`.

type Body = Record<string, unknown>;

/** The app form as the developer typed it. */
export interface AppFormValues {
  name: string;
  description: string;
  /** The textarea, one URI a line, untouched. */
  redirectUris: string;
  permissions: string[];
}

function field(body: Body, name: string): string {
  const value = body[name];
  if (typeof value === 'string') return value;
  if (Array.isArray(value) && typeof value[0] === 'string') return value[0];
  return '';
}

function fields(body: Body, name: string): string[] {
  const value = body[name];
  if (typeof value === 'string') return [value];
  return Array.isArray(value)
    ? value.filter((item): item is string => typeof item === 'string')
    : [];
}

export function readAppForm(body: Body): AppFormValues {
  return {
    name: field(body, 'name'),
    description: field(body, 'description'),
    redirectUris: field(body, 'allowedRedirectUris'),
    permissions: fields(body, 'defaultPermissions'),
  };
}

/** The non-blank lines of the textarea, each with its line number (1-based). */
function redirectLines(text: string): { line: number; uri: string }[] {
  return text
    .split(/\r?\n/)
    .map((uri, index) => ({ line: index + 1, uri: uri.trim() }))
    .filter((entry) => entry.uri !== '');
}

const LABELS: Record<string, string> = {
  name: 'Name',
  description: 'Description',
  allowedRedirectUris: 'Redirect URIs',
  defaultPermissions: 'Default permissions',
};

function shorten(value: string): string {
  return value.length <= 80 ? value : `${value.slice(0, 79)}…`;
}

/** One zod issue as a sentence about the form's field. */
function describe(
  issue: z.core.$ZodIssue,
  lines: readonly { line: number; uri: string }[],
  permissions: readonly string[],
): string {
  const [key, index] = issue.path;
  const label = typeof key === 'string' ? (LABELS[key] ?? key) : 'The form';
  if (key === 'allowedRedirectUris' && typeof index === 'number') {
    const entry = lines[index];
    const where = entry === undefined ? label : `${label}, line ${entry.line}`;
    if (issue.code === 'too_big')
      return `${where}: is longer than ${String(issue.maximum)} characters.`;
    return `${where}: ${shorten(entry?.uri ?? '')} ${issue.message}.`;
  }
  if (key === 'defaultPermissions' && typeof index === 'number') {
    return `${label}: ${shorten(permissions[index] ?? '')} ${issue.message}.`;
  }
  if (issue.code === 'too_small') {
    if (key === 'allowedRedirectUris') return `${label}: enter at least one, one per line.`;
    if (key === 'defaultPermissions') return `${label}: tick at least one.`;
    return `${label}: required.`;
  }
  if (issue.code === 'too_big') {
    return key === 'allowedRedirectUris' || key === 'defaultPermissions'
      ? `${label}: at most ${String(issue.maximum)}.`
      : `${label}: at most ${String(issue.maximum)} characters.`;
  }
  if (issue.code === 'invalid_type') return `${label}: required.`;
  return `${label}: ${issue.message}.`;
}

export type AppFormResult<T> = { ok: true; data: T } | { ok: false; messages: string[] };

function parseWith<S extends z.ZodType>(
  schema: S,
  values: AppFormValues,
): AppFormResult<z.infer<S>> {
  const lines = redirectLines(values.redirectUris);
  const result = schema.safeParse({
    name: values.name,
    description: values.description,
    allowedRedirectUris: lines.map((entry) => entry.uri),
    defaultPermissions: values.permissions,
  });
  if (result.success) return { ok: true, data: result.data };
  return {
    ok: false,
    messages: result.error.issues.map((issue) => describe(issue, lines, values.permissions)),
  };
}

/** The create form, checked by the API's own schema. */
export function parseCreateForm(values: AppFormValues) {
  return parseWith(CreateAppSchema, values);
}

/** The edit form (it always posts every field), checked by the API's own schema. */
export function parseUpdateForm(values: AppFormValues) {
  return parseWith(UpdateAppSchema, values);
}
