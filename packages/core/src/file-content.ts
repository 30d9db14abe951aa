import { ScmError } from './errors/scm-error.js';
import { FILE_CONTENT_MAX_BYTES, type FileContent } from './schemas/file-content.js';

// eslint-disable-next-line no-control-regex -- matching control characters is the point.
const CONTROL = /[\u0000-\u001f\u007f]/;

/**
 * A `getFileContent` path checked and normalized: leading slashes dropped; empty, over 4 096
 * characters, with control characters or a `.`/`..` segment is INVALID_REQUEST naming it.
 */
export function fileContentPath(path: string, provider: string): string {
  // Checked at run time too: JavaScript callers reach here untyped.
  const given: unknown = path;
  const text = typeof given === 'string' ? given : '';
  const trimmed = text.replace(/^\/+/, '');
  const problem =
    trimmed === '' || trimmed.endsWith('/')
      ? 'must name a file, e.g. "src/index.ts"'
      : trimmed.length > 4096
        ? 'is over 4096 characters'
        : CONTROL.test(trimmed)
          ? 'must not contain control characters'
          : trimmed
                .split('/')
                .some((segment) => segment === '.' || segment === '..' || segment === '')
            ? 'must not contain empty, "." or ".." segments'
            : null;
  if (problem !== null)
    throw new ScmError('INVALID_REQUEST', {
      provider,
      source: 'client',
      message: `path ${JSON.stringify(text.slice(0, 200))} ${problem}.`,
      details: { field: 'path' },
    });
  return trimmed;
}

function describeRef(ref: string | undefined): string {
  return ref === undefined ? 'the default branch' : `ref ${JSON.stringify(ref.slice(0, 200))}`;
}

/** RESOURCE_NOT_FOUND naming the path and the ref. */
export function fileNotFound(
  provider: string,
  query: { path: string; ref?: string | undefined },
  cause?: unknown,
): ScmError {
  const upstream = ScmError.isInstance(cause) ? cause : undefined;
  return new ScmError('RESOURCE_NOT_FOUND', {
    provider,
    source: upstream?.source ?? 'provider',
    upstreamStatus: upstream?.upstreamStatus ?? null,
    providerRequestId: upstream?.providerRequestId ?? null,
    cause,
    message: `No file ${JSON.stringify(query.path.slice(0, 300))} at ${describeRef(query.ref)}: check the path (the file tree lists them) and the ref.`,
    details: { path: query.path, ref: query.ref ?? null },
  });
}

/** INVALID_REQUEST: the file is over `FILE_CONTENT_MAX_BYTES`. */
export function fileTooLarge(
  provider: string,
  query: { path: string; ref?: string | undefined },
  size: number | null,
): ScmError {
  const what = size === null ? 'over' : `${size} bytes, over`;
  return new ScmError('INVALID_REQUEST', {
    provider,
    source: 'provider',
    message: `The file ${JSON.stringify(query.path.slice(0, 300))} at ${describeRef(query.ref)} is ${what} the ${FILE_CONTENT_MAX_BYTES}-byte limit of getFileContent; read it from a clone instead.`,
    details: { path: query.path, ref: query.ref ?? null, size, limitBytes: FILE_CONTENT_MAX_BYTES },
  });
}

/**
 * A transport error of a file read in `getFileContent`'s terms: a 404 names the path and ref, an
 * answer over the byte limit (`maxBytes`) says the file is too large. Other errors are returned
 * as they are.
 */
export function fileContentError(
  error: unknown,
  provider: string,
  query: { path: string; ref?: string | undefined },
): unknown {
  if (!ScmError.isInstance(error)) return error;
  if (error.code === 'RESOURCE_NOT_FOUND') return fileNotFound(provider, query, error);
  if (error.code === 'INVALID_REQUEST' && error.details?.responseTooLarge === true)
    return fileTooLarge(provider, query, null);
  return error;
}

/** True when `bytes` is text: valid UTF-8 with no NUL byte. */
export function isUtf8Text(bytes: Uint8Array): boolean {
  if (bytes.includes(0)) return false;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/**
 * The normalized `FileContent` of a file's bytes: text as UTF-8, anything else base64; over
 * `FILE_CONTENT_MAX_BYTES` is `fileTooLarge`.
 */
export function fileContentFromBytes(input: {
  provider: string;
  path: string;
  ref?: string | undefined;
  sha?: string | null | undefined;
  bytes: Uint8Array;
  raw?: unknown;
}): FileContent {
  const { provider, path, bytes } = input;
  if (bytes.byteLength > FILE_CONTENT_MAX_BYTES)
    throw fileTooLarge(provider, { path, ref: input.ref }, bytes.byteLength);
  const text = isUtf8Text(bytes);
  return {
    provider,
    path,
    ref: input.ref ?? null,
    sha: input.sha ?? null,
    size: bytes.byteLength,
    encoding: text ? 'utf-8' : 'base64',
    content: text
      ? new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes)
      : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64'),
    ...(input.raw === undefined ? {} : { raw: input.raw }),
  };
}
