import { ScmError } from '../errors/scm-error.js';

/**
 * Guards for values an adapter puts into a request path. A sha or a number is checked and passed
 * through as it is, never encoded: anything else is refused with `INVALID_REQUEST` before a
 * request is built, so no input can add a segment, a query or a dot segment to the path.
 */

const HEX = /^[0-9a-f]+$/i;
const MIN_SHA_LENGTH = 7;

export interface ShaSegmentOptions {
  /** Named in the error. */
  provider?: string | null | undefined;
  /**
   * The longest sha accepted: 64 (SHA-256 repositories, GitHub and GitLab) or 40 (SHA-1 only,
   * Bitbucket). The shortest is always 7, an abbreviated sha. Default 64.
   */
  maxLength?: 40 | 64 | undefined;
  /** Return the sha lower-cased (Bitbucket's commit paths are). Default: as given. */
  lowerCase?: boolean | undefined;
}

/**
 * A commit sha as one path segment: 7 to `maxLength` hexadecimal characters (either case), else
 * `INVALID_REQUEST`. Checks the length before the characters, so a long input costs nothing.
 */
export function shaSegment(sha: string, options: ShaSegmentOptions = {}): string {
  const maxLength = options.maxLength ?? 64;
  // Typed callers pass a string; JavaScript callers might not.
  const given: unknown = sha;
  if (
    typeof given !== 'string' ||
    sha.length < MIN_SHA_LENGTH ||
    sha.length > maxLength ||
    !HEX.test(sha)
  )
    throw invalidSegment(
      `sha must be a hexadecimal commit sha of ${MIN_SHA_LENGTH} to ${maxLength} characters`,
      options.provider,
    );
  return options.lowerCase === true ? sha.toLowerCase() : sha;
}

export interface NumberSegmentOptions {
  /** Named in the error. */
  provider?: string | null | undefined;
  /**
   * The smallest number accepted. Default 0; GitHub's issue and pull request numbers start at 1.
   */
  min?: number | undefined;
}

/**
 * A pull request (merge request, issue) number as one path segment: a safe integer of at least
 * `min`, else `INVALID_REQUEST`.
 */
export function numberSegment(value: number, options: NumberSegmentOptions = {}): string {
  const min = options.min ?? 0;
  if (!Number.isSafeInteger(value) || value < min)
    throw invalidSegment(
      min === 0
        ? 'number must be a non-negative integer'
        : min === 1
          ? 'number must be a positive integer'
          : `number must be an integer of at least ${min}`,
      options.provider,
    );
  return String(value);
}

function invalidSegment(message: string, provider: string | null | undefined): ScmError {
  return new ScmError('INVALID_REQUEST', { provider: provider ?? null, source: 'client', message });
}
