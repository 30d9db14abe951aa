import { AsyncLocalStorage } from 'node:async_hooks';
import { isScmErrorCode, redactText, type Logger } from '@scm/core';
import { pino, type DestinationStream } from 'pino';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';

export const REDACTED = '[redacted]';

/**
 * Field names whose string values are never written, at any depth: credentials by name
 * (`access_token`, `refreshToken`, `client_secret`, `password`, `authorization`, `cookie`,
 * `x-admin-api-key`, `code_verifier`…). Counts and flags under such names (`tokens: 3`) are kept:
 * a number is not a credential. `code` and `state` are read by value (below).
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
 * `state` is a job's, a delivery's or a scan's state (`active`, `pending`, `failed`) in the
 * gateway's logs, and an OAuth state (random text, the gateway's `sgst_…`/`sgis_…`) only in its
 * flows: a lowercase word is kept, anything else redacted.
 */
const STATE_WORD = /^[a-z][a-z_-]{0,31}$/;

/**
 * Credentials recognisable by their value wherever they appear in text: the gateway's own secrets
 * (`sggat_…`, `sggst_…`, `sggcs_…`, `sggadm_…`, states `sgst_…` and `sgis_…`, Standard Webhooks
 * signing secrets `whsec_…` in base64), provider tokens (GitHub `ghp_/gho_/ghu_/ghs_/ghr_`, GitLab
 * `glpat-`, `gloas-`, Atlassian `ATBB`/`ATCTT`/`ATATT`), and `Bearer`/`Basic`/`token` credentials.
 * Bounded quantifiers only.
 */
const SECRET_IN_TEXT =
  /\b(?:sgg[a-z]{1,4}_|sg(?:st|is)_|gh[opusr]_|github_pat_|glpat-|gloas-|glrt-)[A-Za-z0-9_-]{8,512}|\bwhsec_[A-Za-z0-9+/=]{8,512}|\bAT(?:BB|CTT|ATT)[A-Za-z0-9_=-]{16,512}|\b(Bearer|Basic|token)\s+[A-Za-z0-9._~+/=-]{8,4096}/g;

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
    else if (lower === 'state')
      copy[key] =
        typeof item === 'string' && !STATE_WORD.test(item)
          ? REDACTED
          : redactFields(item, depth + 1);
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

/** The fields of one access-log line (request-context.ts `logRequest`). */
export interface AccessLine {
  requestId: string;
  method: string;
  path: string;
  status: number;
  errorCode: string | undefined;
  durationMs: number;
}

/** A logger that also writes the access log's line itself (`createJsonLogger`'s). */
export interface AccessLogger extends Logger {
  /** The same line as `info('request', line)`, built without pino's pass over a fields object. */
  request(line: AccessLine): void;
}

export function writesAccessLines(logger: Logger): logger is AccessLogger {
  return typeof (logger as Partial<AccessLogger>).request === 'function';
}

/**
 * Lines written during one turn of the event loop go out in one write, at the end of the turn
 * (`setImmediate`), or at once on `flush()`: under load the access lines of the requests answered
 * together cost one system call instead of one each (issue #21). `createJsonLogger` flushes right
 * after writing a warning or an error, and when the process exits, so no line is held back
 * behind a crash's own log line.
 */
export function coalescedWriter(write: (chunk: string) => void): {
  write: (line: string) => void;
  flush: () => void;
} {
  let pending = '';
  let scheduled = false;
  const flush = (): void => {
    scheduled = false;
    if (pending === '') return;
    const chunk = pending;
    pending = '';
    write(chunk);
  };
  const writeLine = (line: string): void => {
    pending += line;
    if (scheduled) return;
    scheduled = true;
    setImmediate(flush);
  };
  return { write: writeLine, flush };
}

/**
 * One JSON object per line (pino) on stdout, or through `write` (tests, synchronously): `level` as
 * a word, `time` in ISO 8601, `msg`, the request id of the request being answered (if any), and
 * the fields with secrets redacted on a copy (see redactFields). On stdout, info and debug lines
 * of one event-loop turn go out together at its end (`coalescedWriter`); a warning or an error
 * goes out at once with everything before it, and whatever is pending when the process exits.
 */
export function createJsonLogger(level: LogLevel, write?: (line: string) => void): AccessLogger {
  let destination: DestinationStream;
  let flush = (): void => undefined;
  if (write === undefined) {
    const stdout = pino.destination({ dest: 1, sync: true });
    const coalesced = coalescedWriter((chunk) => stdout.write(chunk));
    destination = coalesced;
    flush = coalesced.flush;
    process.on('exit', flush);
  } else destination = { write };
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
      if (lvl === 'warn' || lvl === 'error') flush();
    };
  const request = (line: AccessLine): void => {
    if (!base.isLevelEnabled('info')) return;
    destination.write(accessLineJson(line));
  };
  return {
    debug: log('debug'),
    info: log('info'),
    warn: log('warn'),
    error: log('error'),
    isLevelEnabled: (lvl) => base.isLevelEnabled(lvl),
    request,
  };
}

/**
 * What pino writes for `info('request', line)` with this logger's options (logger.test.ts holds
 * the two equal): the strings scrubbed as `redactFields` scrubs them, an absent error code left
 * out. The access line is written once per request; pino's generic pass (the mixin, the copy of
 * the fields, its serialiser) cost several times this.
 */
function accessLineJson(line: AccessLine): string {
  const errorCode =
    line.errorCode === undefined
      ? ''
      : `,"errorCode":${JSON.stringify(redactString(line.errorCode))}`;
  return (
    `{"level":"info","time":"${new Date().toISOString()}"` +
    `,"requestId":${JSON.stringify(redactString(line.requestId))}` +
    `,"method":${JSON.stringify(redactString(line.method))}` +
    `,"path":${JSON.stringify(redactString(line.path))}` +
    `,"status":${JSON.stringify(line.status)}${errorCode}` +
    `,"durationMs":${JSON.stringify(line.durationMs)},"msg":"request"}\n`
  );
}
