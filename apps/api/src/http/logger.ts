import { AsyncLocalStorage } from 'node:async_hooks';
import { isScmErrorCode, redactText, type Logger } from '@scm/core';
import { pino, type DestinationStream } from 'pino';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';

export const REDACTED = '[redacted]';

/**
 * Field names whose string values are never written, at any depth: credentials by name
 * (`access_token`, `refreshToken`, `client_secret`, `password`, `authorization`, `cookie`,
 * `x-admin-api-key`, `code_verifier`, `state`…). Counts and flags under such names (`tokens: 3`)
 * are kept: a number is not a credential.
 */
const SECRET_NAME =
  /token|secret|passw(or)?d|authorization|cookie|api[-_]?key|private[-_]?key|credential|verifier|signature/i;

/**
 * `code` is an error code almost everywhere in the gateway's logs (`REPOSITORY_NOT_FOUND`,
 * `ECONNRESET`, `UND_ERR_HEADERS_TIMEOUT`) and an OAuth authorization code only in query strings
 * and token requests. A `code` is kept when it reads as a canonical or system error code, and
 * redacted otherwise (an OAuth code is random mixed-case text).
 */
const ERROR_CODE = /^[A-Z][A-Z0-9_]{1,63}$/;
const isErrorCode = (value: unknown): boolean =>
  typeof value === 'string' && (isScmErrorCode(value) || ERROR_CODE.test(value));

/**
 * Credentials recognisable by their value wherever they appear in text: the gateway's own secrets
 * (`sggat_…`, `sggst_…`, `sggcs_…`, `sggadm_…`, states `sgst_…`), provider tokens (GitHub
 * `ghp_/gho_/ghu_/ghs_/ghr_`, GitLab `glpat-`, `gloas-`), and `Bearer`/`Basic`/`token` credentials.
 * Bounded quantifiers only.
 */
const SECRET_IN_TEXT =
  /\b(?:sgg[a-z]{1,4}_|sgst_|gh[opusr]_|github_pat_|glpat-|gloas-|glrt-)[A-Za-z0-9_-]{8,512}|\b(Bearer|Basic|token)\s+[A-Za-z0-9._~+/=-]{8,4096}/g;

/** Scrubs one string: secrets by shape, and secret query parameters (`?code=…&state=…`) of URLs and paths. */
export function redactString(value: string): string {
  const scrubbed = value.replace(SECRET_IN_TEXT, (match, scheme: string | undefined) =>
    scheme === undefined ? REDACTED : `${scheme} ${REDACTED}`,
  );
  return redactText(scrubbed);
}

/**
 * Copies `value` for a log line: secret-named fields replaced with `[redacted]`, `code` kept only
 * when it is an error code, and every string scrubbed by value (tokens by their shape, OAuth
 * `code`/`state` and other credential query parameters in URLs). The original is untouched.
 */
export function redactFields(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return redactString(value);
  if (depth > 6 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((item) => redactFields(item, depth + 1));
  if (value instanceof Error) return { name: value.name, message: redactString(value.message) };
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    const lower = key.toLowerCase();
    if (lower === 'code')
      copy[key] =
        typeof item === 'string' && !isErrorCode(item) ? REDACTED : redactFields(item, depth + 1);
    else if (
      SECRET_NAME.test(key) &&
      (typeof item === 'string' || (typeof item === 'object' && item !== null))
    )
      copy[key] = REDACTED;
    else copy[key] = redactFields(item, depth + 1);
  }
  return copy;
}

/**
 * The request being answered, for every log line written while it is: set by `requestContext`
 * (request-context.ts) around the rest of the middleware chain, so lines written deep inside (a
 * provider call's retry, a refused credential) carry the request id without passing it down.
 */
export const logScope = new AsyncLocalStorage<{ requestId: string }>();

/**
 * One JSON object per line (pino) on stdout, or through `write` (tests): `level` as a word, `time`
 * in ISO 8601, `msg`, the request id of the request being answered (if any), and the fields with
 * secrets redacted on a copy (see redactFields). Writes are synchronous: a line logged just before
 * a crash is not lost.
 */
export function createJsonLogger(level: LogLevel, write?: (line: string) => void): Logger {
  const destination: DestinationStream =
    write === undefined ? pino.destination({ dest: 1, sync: true }) : { write };
  const base = pino(
    {
      level,
      base: null,
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: {
        level: (label) => ({ level: label }),
        log: (fields) => redactFields(fields) as Record<string, unknown>,
      },
      mixin: () => {
        const scope = logScope.getStore();
        return scope === undefined ? {} : { requestId: scope.requestId };
      },
    },
    destination,
  );
  const log =
    (lvl: Exclude<LogLevel, 'silent'>) => (message: string, fields?: Record<string, unknown>) => {
      if (!base.isLevelEnabled(lvl)) return;
      base[lvl](fields ?? {}, redactString(message));
    };
  return { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };
}
