import { z } from 'zod';
import { PROVIDER_CATALOGUE } from '../../providers/catalogue.js';

// Scalingo's SCM integrations API (seed 004): request bodies, parameters and search queries.

/** Scalingo's `scm_type`s, from the provider catalogue (each provider's cloud and self-hosted names). */
export const SCM_TYPES = PROVIDER_CATALOGUE.flatMap((entry) =>
  entry.scmTypes === undefined ? [] : [entry.scmTypes.cloud, entry.scmTypes.selfHosted],
) as [string, ...string[]];
export type ScmType = string;

const fields = z
  .object({
    scm_type: z.enum(SCM_TYPES, {
      error: () => `must be one of ${SCM_TYPES.join(', ')}`,
    }),
    url: z.string().trim().min(1, 'is required').max(500),
    access_token: z.string().trim().min(1, 'is required').max(4096),
  })
  .strict();

/**
 * `POST /v1/scm_integrations`: `{ "scm_integration": { scm_type, url, access_token } }` as the
 * seed's example sends it, or the same fields at the top level.
 */
export const CreateBody = z.preprocess(
  (value) =>
    typeof value === 'object' &&
    value !== null &&
    'scm_integration' in value &&
    Object.keys(value).length === 1
      ? value.scm_integration
      : value,
  fields,
);
export type CreateFields = z.infer<typeof fields>;

export const IdParams = z.object({ id: z.string().min(1).max(100) });

/** `?query=` of the searches (in the URL, or `{ "query": … }` in a JSON body). */
export const SearchInput = z.object({ query: z.string().max(500).optional() });

export interface ParsedQuery {
  keywords: string[];
  qualifiers: Map<string, string>;
}

/**
 * Splits `word+word+name:value` (a `+` may arrive decoded as a space) into keywords and
 * qualifiers; a qualifier not in `allowed`, or given twice, is named in the error.
 */
export function parseSearchQuery(
  query: string,
  allowed: readonly string[],
): { ok: true; value: ParsedQuery } | { ok: false; message: string } {
  const keywords: string[] = [];
  const qualifiers = new Map<string, string>();
  const unknown: string[] = [];
  for (const part of query.split(/[+\s]+/)) {
    if (part === '') continue;
    const colon = part.indexOf(':');
    if (colon <= 0) {
      keywords.push(part);
      continue;
    }
    const name = part.slice(0, colon).toLowerCase();
    const value = part.slice(colon + 1);
    if (!allowed.includes(name)) unknown.push(name);
    else if (qualifiers.has(name))
      return { ok: false, message: `query: the ${name} qualifier is given twice` };
    else if (value === '') return { ok: false, message: `query: ${name}: needs a value` };
    else qualifiers.set(name, value);
  }
  if (unknown.length > 0)
    return {
      ok: false,
      message: `query: unknown qualifier${unknown.length > 1 ? 's' : ''} ${[...new Set(unknown)].map((name) => `${name}:`).join(', ')} (supported: ${allowed.map((name) => `${name}:`).join(', ')})`,
    };
  return { ok: true, value: { keywords, qualifiers } };
}
