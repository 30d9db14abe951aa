import { AsyncLocalStorage } from 'node:async_hooks';
import { ScmError } from './errors/scm-error.js';

/**
 * The last, optional argument of every `ScmProvider` operation.
 *
 * `signal` cancels the call: the request in flight is aborted (its socket closed), a retry
 * back-off or rate-limit wait stops, no further page is fetched, and the call rejects at once with
 * `UPSTREAM_TIMEOUT` (`source: 'client'`, `details.aborted: true`; see `abortedCallError`).
 */
export interface CallOptions {
  signal?: AbortSignal | undefined;
}

// The signal of the provider call in progress. Set by `runWithSignal` (every operation of an
// adapter built with `withCallOptions`) and read by an HTTP client created with
// `followCallSignal: true`, so each request an operation sends — its pages, its lookups, its
// retries — carries the caller's signal without every helper passing it along.
const callContext = new AsyncLocalStorage<AbortSignal>();

/** The signal of the provider operation running in this async context, if its caller gave one. */
export function callSignal(): AbortSignal | undefined {
  return callContext.getStore();
}

/**
 * The canonical error of an aborted call. The error model has no "cancelled" code: an abort is
 * reported as `UPSTREAM_TIMEOUT` (the provider's answer did not arrive in the time the caller gave
 * it), `source: 'client'`, `details: { aborted: true, reason: 'abort' | 'timeout' }`, the signal's
 * reason as `cause`. A reason that is already an `ScmError` (the transport's own `deadlineMs`) is
 * returned as it is.
 */
export function abortedCallError(reason: unknown, provider?: string | null): ScmError {
  if (ScmError.isInstance(reason)) return reason;
  const timedOut =
    typeof reason === 'object' &&
    reason !== null &&
    'name' in reason &&
    reason.name === 'TimeoutError';
  return new ScmError('UPSTREAM_TIMEOUT', {
    provider: provider ?? null,
    source: 'client',
    cause: reason,
    message: timedOut
      ? "The caller's time limit (its AbortSignal timed out) passed before the provider answered; the request was cancelled."
      : 'The caller aborted the call (its AbortSignal) before the provider answered; the request was cancelled.',
    details: { aborted: true, reason: timedOut ? 'timeout' : 'abort' },
  });
}

/**
 * Runs one provider operation under `signal`: the requests it sends carry the signal (through
 * `callSignal()`), and the returned promise rejects with `abortedCallError` as soon as the signal
 * aborts, whatever the operation is waiting for. Without a signal, `run` is called as it is.
 */
export function runWithSignal<T>(
  signal: AbortSignal | undefined,
  provider: string | null,
  run: () => Promise<T>,
): Promise<T> {
  if (signal === undefined) return run();
  if (signal.aborted) return Promise.reject(abortedCallError(signal.reason, provider));
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => {
      reject(abortedCallError(signal.reason, provider));
    };
    signal.addEventListener('abort', onAbort, { once: true });
    callContext
      .run(signal, run)
      .then(resolve, (error: unknown) => {
        // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- the operation's own error, passed on as it is.
        reject(signal.aborted ? abortedCallError(signal.reason, provider) : error);
      })
      .finally(() => {
        signal.removeEventListener('abort', onAbort);
      });
  });
}
