import { ERROR_CODES, type ScmErrorCode } from './error-codes.js';

// A Symbol.for marker keeps `ScmError.isInstance` true across two copies of this package
// (e.g. an app and an adapter resolving different versions), where `instanceof` is not.
const marker = Symbol.for('@scm/core/ScmError');

export type ErrorSource = 'gateway' | 'provider' | 'client';

export interface ScmErrorOptions {
  message?: string;
  provider?: string | null;
  source?: ErrorSource;
  upstreamStatus?: number | null;
  retryable?: boolean;
  retryAfterSeconds?: number | null;
  providerRequestId?: string | null;
  userActionRequired?: boolean;
  suggestedAction?: string | null;
  cause?: unknown;
  details?: Readonly<Record<string, unknown>>;
}

export class ScmError extends Error {
  readonly [marker] = true;
  override readonly name = 'ScmError';
  readonly code: ScmErrorCode;
  readonly status: number;
  readonly provider: string | null;
  readonly source: ErrorSource;
  readonly upstreamStatus: number | null;
  readonly retryable: boolean;
  readonly retryAfterSeconds: number | null;
  readonly providerRequestId: string | null;
  readonly userActionRequired: boolean;
  readonly suggestedAction: string | null;
  readonly details: Readonly<Record<string, unknown>> | undefined;

  constructor(code: ScmErrorCode, options: ScmErrorOptions = {}) {
    const definition = ERROR_CODES[code];
    super(options.message ?? definition.message, { cause: options.cause });
    this.code = code;
    this.status = definition.status;
    this.provider = options.provider ?? null;
    this.source = options.source ?? (options.upstreamStatus == null ? 'gateway' : 'provider');
    this.upstreamStatus = options.upstreamStatus ?? null;
    this.retryable = options.retryable ?? definition.retryable;
    this.retryAfterSeconds = options.retryAfterSeconds ?? null;
    this.providerRequestId = options.providerRequestId ?? null;
    this.userActionRequired = options.userActionRequired ?? definition.userActionRequired;
    this.suggestedAction =
      options.suggestedAction === undefined ? definition.suggestedAction : options.suggestedAction;
    this.details = options.details;
  }

  static isInstance(value: unknown): value is ScmError {
    return typeof value === 'object' && value !== null && marker in value;
  }
}
