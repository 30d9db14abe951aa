import { createHmac, createSecretKey, timingSafeEqual, type KeyObject } from 'node:crypto';
import { ScmError, type Clock } from '@scm/core';
import { decodeBase64UrlStrict, encodeBase64Url } from './base64url.js';
import { hashScope, type CursorScope } from './scope-hash.js';

/** Cursors longer than this are rejected before any parsing or hashing. */
export const MAX_CURSOR_LENGTH = 4096;
/** Secrets shorter than this (in bytes) are refused: HMAC-SHA256 wants a key of at least its output size. */
export const MIN_SECRET_BYTES = 32;
export const DEFAULT_CURSOR_TTL_SECONDS = 3600;
export const CURSOR_VERSION = 1;

export interface CursorKey {
  /** Short, stable, non-secret id written into every cursor (`kid`). */
  id: string;
  /** At least 32 bytes (a string counts its UTF-8 bytes). */
  secret: string | Uint8Array;
}

export interface CursorKeyRing {
  /** Signs new cursors and verifies them. */
  current: CursorKey;
  /** Still accepted for verification only; drop a key from here to revoke its cursors. */
  previous?: readonly CursorKey[] | undefined;
}

export interface CursorCodecOptions {
  keys: CursorKeyRing;
  /** Lifetime of a new cursor. Default 3600 (one hour). */
  ttlSeconds?: number | undefined;
  /** Injectable time (ms since epoch); defaults to `Date.now`. */
  clock?: Pick<Clock, 'now'> | undefined;
}

export interface CursorCodec {
  /** Wraps the adapter's continuation token into a signed cursor bound to `scope`. */
  encode(token: string, scope: CursorScope): string;
  /**
   * Returns the adapter's continuation token. Throws `ScmError('INVALID_CURSOR')` for anything
   * malformed, tampered, signed by an unknown key or minted for another scope (its
   * `details.reason` says which, see `InvalidCursorReason`, and its message what to do), and
   * `ScmError('CURSOR_EXPIRED')` once it has expired.
   */
  decode(cursor: string, scope: CursorScope): string;
}

interface Payload {
  v: number;
  kid: string;
  t: string;
  exp: number;
  s: string;
  /** The page size it was minted for: names the mistake when the scope differs only by limit. */
  l?: number;
  /** A short hash of endpoint, provider and repository: names a cursor replayed on another listing. */
  r?: string;
}

/**
 * Why `decode` refused a cursor, in `ScmError.details.reason` of its `INVALID_CURSOR` (each has its
 * own message):
 * - `empty`, `too_long`, `malformed`: not a cursor this codec wrote (truncated, double-encoded…);
 * - `page_number`: a bare number, as if the API paged by page number;
 * - `bad_signature`: altered, or signed by a key this codec does not hold (forged, or another
 *   deployment's);
 * - `version`, `unknown_key`: written by an incompatible version or a retired key;
 * - `limit`: minted for the same listing with another page size;
 * - `endpoint`: minted for another endpoint, provider or repository;
 * - `scope`: minted for other filters or another caller.
 */
export type InvalidCursorReason =
  | 'empty'
  | 'too_long'
  | 'malformed'
  | 'page_number'
  | 'bad_signature'
  | 'version'
  | 'unknown_key'
  | 'limit'
  | 'endpoint'
  | 'scope';

const START_AGAIN = 'or leave cursor out to start again from the first page';
const UNCHANGED = `Pass the next cursor of the previous page exactly as it was returned (URL-encoded in a query string), ${START_AGAIN}.`;

const MESSAGES: Record<Exclude<InvalidCursorReason, 'limit'>, string> = {
  empty: `cursor is empty. Leave it out for the first page; for the next one, pass the next cursor of the previous page, unchanged.`,
  too_long: `cursor is longer than ${String(MAX_CURSOR_LENGTH)} characters, so it is not one this API issued. ${UNCHANGED}`,
  malformed: `cursor is not a cursor this API issued (it does not have the form <payload>.<signature>; truncated or encoded twice?). ${UNCHANGED}`,
  page_number: `cursor is a page number, but this API pages with opaque cursors, not page numbers. Pass the next cursor of the previous page (absent on the last page), ${START_AGAIN}.`,
  bad_signature: `cursor was altered or was not issued by this API (its signature does not match). ${UNCHANGED}`,
  version: `cursor was issued by an incompatible version of this API; ${START_AGAIN}.`,
  unknown_key: `cursor was signed with a key this API no longer accepts; ${START_AGAIN}.`,
  endpoint: `cursor belongs to another listing (another endpoint, provider or repository): a cursor only continues the listing that returned it. Use it on that listing, ${START_AGAIN} here.`,
  scope: `cursor was issued for other query parameters or to another caller: repeat the parameters of the request that returned it, ${START_AGAIN}.`,
};

function limitMessage(issued: number, requested: number): string {
  return `cursor was issued for limit=${String(issued)}, but this request has limit=${String(requested)}. Send limit=${String(issued)} with it (the limit of the request that returned it), or leave cursor out to start again with limit=${String(requested)}.`;
}

/** The reason of an `INVALID_CURSOR` error thrown by `decode`, if it is one. */
export function invalidCursorReason(error: unknown): InvalidCursorReason | undefined {
  if (!ScmError.isInstance(error) || error.code !== 'INVALID_CURSOR') return undefined;
  const reason = error.details?.reason;
  return typeof reason === 'string' && (reason === 'limit' || Object.hasOwn(MESSAGES, reason))
    ? (reason as InvalidCursorReason)
    : undefined;
}

interface PreparedKey {
  id: string;
  key: KeyObject;
}

const SIGNATURE_BYTES = 32;
const SIGNATURE_LENGTH = Math.ceil((SIGNATURE_BYTES * 4) / 3);
const systemNow: Pick<Clock, 'now'> = { now: () => Date.now() };

function prepareKey(key: CursorKey, label: string): PreparedKey {
  if (typeof key.id !== 'string' || key.id.length === 0) {
    throw new TypeError(`${label}.id must be a non-empty string`);
  }
  const secret =
    typeof key.secret === 'string' ? Buffer.from(key.secret, 'utf8') : Buffer.from(key.secret);
  if (secret.length < MIN_SECRET_BYTES) {
    throw new TypeError(`${label}.secret must be at least ${MIN_SECRET_BYTES} bytes`);
  }
  return { id: key.id, key: createSecretKey(secret) };
}

function prepareKeys(ring: CursorKeyRing): PreparedKey[] {
  const prepared = [
    prepareKey(ring.current, 'keys.current'),
    ...(ring.previous ?? []).map((key, index) => prepareKey(key, `keys.previous[${index}]`)),
  ];
  const ids = new Set(prepared.map((key) => key.id));
  if (ids.size !== prepared.length) throw new TypeError('Cursor key ids must be unique');
  return prepared;
}

function sign(key: KeyObject, payloadPart: string): Buffer {
  return createHmac('sha256', key).update(payloadPart, 'ascii').digest();
}

function invalid(reason: Exclude<InvalidCursorReason, 'limit'>): ScmError {
  return new ScmError('INVALID_CURSOR', {
    source: 'client',
    message: MESSAGES[reason],
    details: { reason },
  });
}

// Enough bits to tell listings apart in an error message; `s` is what binds the cursor.
function resourceHash(scope: CursorScope): string {
  return hashScope({
    endpoint: scope.endpoint,
    provider: scope.provider,
    repo: scope.repo,
    filters: {},
    limit: 0,
    principal: '',
  }).slice(0, 11);
}

const PAGE_NUMBER = /^[0-9]{1,12}$/;

function isPayload(value: unknown): value is Payload {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const record = value as Record<string, unknown>;
  return (
    typeof record.v === 'number' &&
    typeof record.kid === 'string' &&
    typeof record.t === 'string' &&
    typeof record.exp === 'number' &&
    Number.isSafeInteger(record.exp) &&
    typeof record.s === 'string' &&
    (record.l === undefined || typeof record.l === 'number') &&
    (record.r === undefined || typeof record.r === 'string')
  );
}

/** Prepares the keys once; use one codec per key ring on hot paths. */
export function createCursorCodec(options: CursorCodecOptions): CursorCodec {
  const keys = prepareKeys(options.keys);
  const signer = keys[0];
  if (signer === undefined) throw new TypeError('keys.current is required');
  const ttlSeconds = options.ttlSeconds ?? DEFAULT_CURSOR_TTL_SECONDS;
  if (!Number.isSafeInteger(ttlSeconds) || ttlSeconds <= 0) {
    throw new RangeError('ttlSeconds must be a positive integer');
  }
  const clock = options.clock ?? systemNow;

  return {
    encode(token, scope) {
      if (typeof token !== 'string') throw new TypeError('token must be a string');
      const payload: Payload = {
        v: CURSOR_VERSION,
        kid: signer.id,
        t: token,
        exp: Math.floor(clock.now() / 1000) + ttlSeconds,
        s: hashScope(scope),
        l: scope.limit,
        r: resourceHash(scope),
      };
      const payloadPart = encodeBase64Url(JSON.stringify(payload));
      const cursor = `${payloadPart}.${sign(signer.key, payloadPart).toString('base64url')}`;
      if (cursor.length > MAX_CURSOR_LENGTH) {
        // decode() would refuse it; failing here points at the adapter, not at the client.
        throw new RangeError(
          `Cursor exceeds ${MAX_CURSOR_LENGTH} characters; the token is too long`,
        );
      }
      return cursor;
    },

    decode(cursor, scope) {
      if (typeof cursor !== 'string' || cursor.length === 0) throw invalid('empty');
      if (cursor.length > MAX_CURSOR_LENGTH) throw invalid('too_long');

      if (PAGE_NUMBER.test(cursor)) throw invalid('page_number');

      const dot = cursor.indexOf('.');
      if (dot <= 0 || dot !== cursor.lastIndexOf('.')) throw invalid('malformed');
      const payloadPart = cursor.slice(0, dot);
      const signaturePart = cursor.slice(dot + 1);
      if (signaturePart.length !== SIGNATURE_LENGTH) throw invalid('malformed');

      const payloadBytes = decodeBase64UrlStrict(payloadPart);
      const signature = decodeBase64UrlStrict(signaturePart);
      if (payloadBytes === undefined || signature?.length !== SIGNATURE_BYTES) {
        throw invalid('malformed');
      }

      // The kid sits inside the payload, which must not be parsed before it is authenticated, so
      // each listed key is tried in turn (current first: one HMAC for fresh cursors); the kid is
      // then checked against the key that matched. Keep the ring short.
      let verifiedBy: PreparedKey | undefined;
      for (const key of keys) {
        if (timingSafeEqual(sign(key.key, payloadPart), signature)) {
          verifiedBy = key;
          break;
        }
      }
      if (verifiedBy === undefined) throw invalid('bad_signature');

      let payload: unknown;
      try {
        payload = JSON.parse(payloadBytes.toString('utf8'));
      } catch {
        throw invalid('malformed');
      }
      if (!isPayload(payload)) throw invalid('malformed');
      if (payload.v !== CURSOR_VERSION) throw invalid('version');
      if (payload.kid !== verifiedBy.id) throw invalid('unknown_key');
      if (payload.s !== hashScope(scope)) {
        // The payload is authenticated, so what it says about where it was minted can be trusted.
        if (payload.r !== undefined && payload.r !== resourceHash(scope)) throw invalid('endpoint');
        if (payload.l !== undefined && payload.l !== scope.limit) {
          throw new ScmError('INVALID_CURSOR', {
            source: 'client',
            message: limitMessage(payload.l, scope.limit),
            details: { reason: 'limit', issuedLimit: payload.l },
          });
        }
        throw invalid('scope');
      }
      if (clock.now() >= payload.exp * 1000) {
        throw new ScmError('CURSOR_EXPIRED', { source: 'client' });
      }
      return payload.t;
    },
  };
}

export interface EncodeCursorOptions extends CursorCodecOptions {
  token: string;
  scope: CursorScope;
}

export interface DecodeCursorOptions {
  scope: CursorScope;
  keys: CursorKeyRing;
  clock?: Pick<Clock, 'now'> | undefined;
}

/** One-shot encode; prepares the keys on every call, so prefer `createCursorCodec` on hot paths. */
export function encodeCursor(options: EncodeCursorOptions): string {
  return createCursorCodec(options).encode(options.token, options.scope);
}

/** One-shot decode; prepares the keys on every call, so prefer `createCursorCodec` on hot paths. */
export function decodeCursor(cursor: string, options: DecodeCursorOptions): string {
  return createCursorCodec(options).decode(cursor, options.scope);
}
