/** What replaces a secret wherever the client could otherwise leak it. */
export const REDACTED = '[REDACTED]';

const SENSITIVE_HEADERS = new Set([
  'authorization',
  'proxy-authorization',
  'private-token',
  'cookie',
  'set-cookie',
  'x-api-key',
]);

const SENSITIVE_QUERY_PARAMS = new Set([
  'access_token',
  'refresh_token',
  'id_token',
  'token',
  'private_token',
  'job_token',
  'client_secret',
  'client_assertion',
  'code',
  'code_verifier',
  'password',
  'passwd',
  'secret',
  'key',
  'api_key',
  'apikey',
  'sig',
  'signature',
  'jwt',
  'assertion',
  'auth',
  'x-amz-signature',
  'x-amz-credential',
  'x-amz-security-token',
]);

/** True for header names whose value is a credential. */
export function isSensitiveHeader(name: string): boolean {
  const lower = name.toLowerCase();
  return SENSITIVE_HEADERS.has(lower) || lower.includes('token') || lower.includes('secret');
}

/** True for query parameter names whose value is a credential. */
export function isSensitiveQueryParam(name: string): boolean {
  const lower = name.toLowerCase();
  return (
    SENSITIVE_QUERY_PARAMS.has(lower) ||
    lower.includes('token') ||
    lower.includes('secret') ||
    lower.includes('password')
  );
}

/** A copy of `headers` with credential values replaced; the input is never mutated. */
export function redactHeaders<V>(
  headers: Readonly<Record<string, V>>,
): Record<string, V | typeof REDACTED> {
  const copy: Record<string, V | typeof REDACTED> = {};
  for (const [name, value] of Object.entries(headers)) {
    copy[name] = value !== undefined && isSensitiveHeader(name) ? REDACTED : value;
  }
  return copy;
}

function redactQuery(query: string): string {
  return query
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      if (eq === -1) return pair;
      let name = pair.slice(0, eq);
      try {
        name = decodeURIComponent(name.replaceAll('+', ' '));
      } catch {
        // A malformed escape is still checked under its raw name.
      }
      return isSensitiveQueryParam(name) ? `${pair.slice(0, eq)}=${REDACTED}` : pair;
    })
    .join('&');
}

/**
 * Redacts token-like query parameters and a userinfo password from a path (`/x?access_token=…`)
 * or an absolute URL. String surgery rather than `new URL()`, so a relative or malformed input is
 * still redacted and the rest of it is kept byte for byte.
 */
export function redactUrl(pathOrUrl: string): string {
  let value = pathOrUrl;
  const scheme = /^[a-z][a-z0-9+.-]{0,30}:\/\//i.exec(value);
  if (scheme) {
    const authorityStart = scheme[0].length;
    const authorityEnd = indexOfAny(value, '/?#', authorityStart);
    const authority = value.slice(authorityStart, authorityEnd);
    const at = authority.lastIndexOf('@');
    if (at !== -1) {
      const userinfo = authority.slice(0, at);
      const colon = userinfo.indexOf(':');
      // `https://oauth2:glpat-…@host` and `https://x-access-token:ghs_…@host` carry the secret in the password.
      const redactedUserinfo = colon === -1 ? REDACTED : `${userinfo.slice(0, colon)}:${REDACTED}`;
      value = `${value.slice(0, authorityStart)}${redactedUserinfo}${authority.slice(at)}${value.slice(authorityEnd)}`;
    }
  }
  const queryStart = value.indexOf('?');
  if (queryStart === -1) return value;
  const hashStart = value.indexOf('#', queryStart);
  const queryEnd = hashStart === -1 ? value.length : hashStart;
  return `${value.slice(0, queryStart + 1)}${redactQuery(value.slice(queryStart + 1, queryEnd))}${value.slice(queryEnd)}`;
}

function indexOfAny(value: string, characters: string, from: number): number {
  for (let index = from; index < value.length; index++) {
    if (characters.includes(value.charAt(index))) return index;
  }
  return value.length;
}

/** Shorter values would redact ordinary words out of messages; no real credential is this short. */
const MIN_SECRET_LENGTH = 4;

/**
 * The credential values a request carries (sensitive header values, their part after an auth
 * scheme such as `Bearer`, the password of a Basic credential, token-like query values), so they
 * can be scrubbed from text the client did not write itself: upstream bodies, undici messages.
 */
export function collectSecrets(headers: Readonly<Record<string, string>>, path: string): string[] {
  const secrets = new Set<string>();
  const add = (value: string): void => {
    const trimmed = value.trim();
    if (trimmed.length >= MIN_SECRET_LENGTH) secrets.add(trimmed);
  };
  for (const [name, value] of Object.entries(headers)) {
    if (!isSensitiveHeader(name)) continue;
    add(value);
    const space = value.indexOf(' ');
    if (space !== -1) {
      const credential = value.slice(space + 1);
      add(credential);
      if (value.slice(0, space).toLowerCase() === 'basic') {
        const decoded = Buffer.from(credential.trim(), 'base64').toString('utf8');
        const colon = decoded.indexOf(':');
        if (colon !== -1) add(decoded.slice(colon + 1));
      }
    }
  }
  const queryStart = path.indexOf('?');
  if (queryStart !== -1) {
    for (const pair of path.slice(queryStart + 1).split('&')) {
      const eq = pair.indexOf('=');
      if (eq === -1) continue;
      const rawName = pair.slice(0, eq);
      const rawValue = pair.slice(eq + 1);
      if (!isSensitiveQueryParam(safeDecode(rawName))) continue;
      add(rawValue);
      add(safeDecode(rawValue));
    }
  }
  // Longest first, so a value is never left half-replaced by a shorter one it contains.
  return [...secrets].sort((a, b) => b.length - a.length);
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value.replaceAll('+', ' '));
  } catch {
    return value;
  }
}

const URL_IN_TEXT = /[a-z][a-z0-9+.-]{0,30}:\/\/[^\s"'<>]{1,4096}/gi;
const QUERY_PAIR_IN_TEXT = /([?&])([^=&?\s"'<>]{1,64})=([^&\s"'<>#]{0,4096})/g;

/**
 * Scrubs free text (an upstream error body, an undici error message) of the given secrets, of
 * URL userinfo passwords and of token-like query parameters. Bounded quantifiers only: the text
 * comes from the network.
 */
export function redactText(text: string, secrets: readonly string[] = []): string {
  let result = text;
  for (const secret of secrets) {
    if (secret.length >= MIN_SECRET_LENGTH) result = result.replaceAll(secret, REDACTED);
  }
  // A URL needs `://` and a query pair `=`: text with neither (most paths and ids in log lines) is
  // returned after two `includes`, not two scans by patterns that start at every character.
  if (!result.includes('://') && !result.includes('=')) return result;
  result = result.replace(URL_IN_TEXT, (url) => redactUrl(url));
  return result.replace(QUERY_PAIR_IN_TEXT, (pair, separator: string, name: string) =>
    isSensitiveQueryParam(safeDecode(name)) ? `${separator}${name}=${REDACTED}` : pair,
  );
}
