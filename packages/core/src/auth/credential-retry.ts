import { ScmError } from '../errors/scm-error.js';

export interface CredentialRetryOptions {
  /**
   * Renews the credential after the provider refused it: an OAuth refresh
   * (`RefreshingToken.refreshNow`), a new GitHub App installation token, a callback of the
   * application. Concurrent refusals share one call. `null` or `undefined` when the credential
   * cannot be renewed (a static token): `send` is then returned as it is.
   */
  refresh: (() => Promise<unknown>) | null | undefined;
  /**
   * Whether an error means the provider refused the credential. Default: an `ScmError` whose
   * upstream status is 401. An adapter whose error mapper tells an expired credential from a
   * wrong one passes `(error) => ScmError.isInstance(error) && error.code === 'AUTH_EXPIRED'`.
   */
  isUnauthorized?: ((error: unknown) => boolean) | undefined;
  /**
   * The credential a request is sent with, when the adapter can tell (the current access token).
   * A request refused with a credential that has been replaced since it was sent (by a refresh
   * before expiry, say) is only retried. Default: the refreshes this wrapper made are counted.
   */
  currentCredential?: (() => unknown) | undefined;
}

/** An `ScmError` carrying the provider's 401. */
export function isUnauthorizedError(error: unknown): boolean {
  return ScmError.isInstance(error) && error.upstreamStatus === 401;
}

/**
 * Wraps an adapter's `send` so that a request the provider refuses for its credential (a token
 * revoked or expired before its recorded expiry, clock skew) renews the credential once and is
 * sent once more. Concurrent refusals share one renewal, and a request refused with a credential
 * that was already replaced is retried without another renewal: rotated refresh tokens are
 * single-use, so two renewals in a row would revoke the grant. A second refusal, or a failed
 * renewal, is thrown to the caller. The wrapper keeps `send`'s signature, generics included.
 *
 * ```ts
 * const send = withCredentialRetry(http.request.bind(http), {
 *   refresh: tokens === undefined ? null : () => tokens.refreshNow(),
 *   isUnauthorized: (error) => ScmError.isInstance(error) && error.code === 'AUTH_EXPIRED',
 * });
 * ```
 */
export function withCredentialRetry<Send extends (...args: never[]) => Promise<unknown>>(
  send: Send,
  options: CredentialRetryOptions,
): Send {
  const { refresh } = options;
  if (refresh === null || refresh === undefined) return send;
  const isUnauthorized = options.isUnauthorized ?? isUnauthorizedError;
  let generation = 0;
  let renewing: Promise<unknown> | null = null;
  const credential = options.currentCredential ?? ((): unknown => generation);

  const renewOnce = (): Promise<unknown> => {
    if (renewing !== null) return renewing;
    generation += 1;
    const started = Promise.resolve().then(refresh);
    const shared = started.finally(() => {
      if (renewing === shared) renewing = null;
    });
    renewing = shared;
    return shared;
  };

  const retrying = async (...args: Parameters<Send>): Promise<unknown> => {
    const used = credential();
    try {
      return await send(...args);
    } catch (error) {
      if (!isUnauthorized(error)) throw error;
      if (renewing !== null) await renewing;
      else if (credential() === used) await renewOnce();
      return send(...args);
    }
  };
  return retrying as Send;
}
