/**
 * The gateway's throttles, as configuration: `RATE_LIMITS` overrides any of the defaults with
 * `name=limit/window` pairs (`login_account=5/30m,token=120/1m`; window in s, m or h, seconds when
 * bare). The limiters themselves are in src/http/throttle.ts.
 */
export const RATE_LIMIT_NAMES = [
  'login_account',
  'login_ip',
  'signup_ip',
  'admin_key_ip',
  'token',
  'token_ip',
  'auth_start_ip',
] as const;
export type RateLimitName = (typeof RATE_LIMIT_NAMES)[number];

export interface RateLimitRule {
  /** Requests (or, for logins and admin keys, failures) allowed in one window. */
  limit: number;
  windowMs: number;
}

export type RateLimitSettings = Record<RateLimitName, RateLimitRule>;

const MINUTE = 60_000;

export const DEFAULT_RATE_LIMITS: RateLimitSettings = {
  /** Failed sign-ins per account (the normalised email), from anywhere. */
  login_account: { limit: 10, windowMs: 15 * MINUTE },
  /** Failed sign-ins per client address, whatever the account. */
  login_ip: { limit: 50, windowMs: 15 * MINUTE },
  /** Signups per client address. */
  signup_ip: { limit: 20, windowMs: 15 * MINUTE },
  /** Requests with a wrong `x-admin-api-key` per client address. */
  admin_key_ip: { limit: 20, windowMs: 15 * MINUTE },
  /** `POST /oauth/token` and `POST /v1/platform/tokens` per client_id and client address. */
  token: { limit: 60, windowMs: MINUTE },
  /**
   * Requests to those endpoints naming a client that does not exist, per client address: `token`
   * is per client, so a caller naming a new client_id every time is held here.
   */
  token_ip: { limit: 100, windowMs: 15 * MINUTE },
  /**
   * Provider connection starts (`GET /v1/auth/{provider}/start`) made with only the company
   * cookie of the hosted consent page, per client address: each stores an OAuth state row, and
   * anyone who opens `/oauth/authorize` gets that cookie.
   */
  auth_start_ip: { limit: 60, windowMs: 15 * MINUTE },
};

const UNIT_MS: Record<string, number> = { '': 1000, s: 1000, m: MINUTE, h: 60 * MINUTE };

/** The defaults with `spec`'s overrides; throws a configuration error naming the bad entry. */
export function parseRateLimits(spec: string | undefined): RateLimitSettings {
  const settings: RateLimitSettings = { ...DEFAULT_RATE_LIMITS };
  for (const entry of (spec ?? '')
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)) {
    const match = /^([a-z_]+)\s*=\s*([0-9]{1,9})\s*\/\s*([0-9]{1,7})\s*([smh]?)$/.exec(entry);
    const name = match?.[1] as RateLimitName | undefined;
    const limit = Number(match?.[2]);
    const windowMs = Number(match?.[3]) * (UNIT_MS[match?.[4] ?? ''] ?? 1000);
    if (name === undefined || !RATE_LIMIT_NAMES.includes(name) || limit < 1 || windowMs < 1000) {
      throw new Error(
        `Invalid configuration:\n  RATE_LIMITS: "${entry}" is not <${RATE_LIMIT_NAMES.join('|')}>=<limit ≥ 1>/<window ≥ 1s, e.g. 15m>`,
      );
    }
    settings[name] = { limit, windowMs };
  }
  return settings;
}
