import type { Logger, ScmError } from '@scm/core';
import type { Request, RequestHandler, Response } from 'express';
import {
  ipKeyGenerator,
  rateLimit,
  type Options,
  type RateLimitInfo,
  type RateLimitRequestHandler,
} from 'express-rate-limit';
import { safeEqual } from '../crypto/tokens.js';
import type { PrismaClient } from '../generated/sqlite/client.js';
import type { RateLimitName, RateLimitSettings } from '../rate-limits.js';
import { gatewayBusy } from './errors.js';
import { DatabaseRateLimitStore } from './rate-limit-store.js';
import { hasControl } from './control-characters.js';

/**
 * The gateway's throttles (express-rate-limit on the shared DatabaseRateLimitStore). A limited
 * request is the canonical RATE_LIMITED error (429, `Retry-After` and `retry_after_seconds`: the
 * time left in the window), raised through `next(error)` so the one error handler answers it.
 */
export interface Throttles {
  /** Failed sign-ins per client address (a successful one is not counted). */
  loginIp: RequestHandler;
  /** Failed sign-ins per account: the normalised email, whether or not it exists. */
  loginAccount: RequestHandler;
  /** Signups per client address. */
  signupIp: RequestHandler;
  /**
   * Provider connection starts that only the consent page's company cookie vouches for, per
   * client address (each stores an OAuth state).
   */
  authStartIp: RequestHandler;
  /** For every route: wrong `x-admin-api-key` values per client address. */
  adminKey: RequestHandler;
  /** Token endpoints per client_id and client address. */
  token: RequestHandler;
  /**
   * Token-endpoint requests naming no existing client, per client address (before `token`: a held
   * address adds no rows).
   */
  tokenIp: RequestHandler;
}

export interface ThrottleDeps {
  prisma: PrismaClient;
  now: () => number;
  logger: Logger;
  rateLimits: RateLimitSettings;
  adminApiKey: string;
}

/**
 * The client's address as the socket sees it (`trust proxy` is off), an IPv6 client by its /56.
 * Behind a reverse proxy every client shares the proxy's address: see apps/api/README.md.
 */
function clientAddress(req: Request): string {
  return ipKeyGenerator(req.ip ?? req.socket.remoteAddress ?? 'unknown');
}

function bodyField(req: Request, name: string): string | undefined {
  const body: unknown = req.body;
  if (typeof body !== 'object' || body === null) return undefined;
  const value = (body as Record<string, unknown>)[name];
  return typeof value === 'string' ? value : undefined;
}

/** The account a sign-in is for, normalised as the login form normalises it. */
function loginAccount(req: Request): string | undefined {
  const email = bodyField(req, 'email')?.trim().toLowerCase();
  return email === undefined || email === '' ? undefined : email.slice(0, 254);
}

/** HTTP Basic's user, as sent (undefined without Basic or with a control character in it). */
function basicUser(req: Request): string | undefined {
  const header = req.headers.authorization;
  if (typeof header !== 'string' || !/^Basic /i.test(header)) return undefined;
  const decoded = Buffer.from(header.slice(6).trim(), 'base64').toString('utf8');
  const index = decoded.indexOf(':');
  // (No control character in a key the store writes: PostgreSQL refuses a NUL in text.)
  return index > 0 && !hasControl(decoded.slice(0, index)) ? decoded.slice(0, index) : undefined;
}

/**
 * The client a token request authenticates, read where its route reads it: `POST
 * /v1/platform/tokens` the body's `clientId`; the OAuth endpoints HTTP Basic's user, else the
 * body's `client_id`. (A field the route ignores — `clientId` beside Basic, `client_id` on the
 * platform route — named a new counter each time and let the secret be guessed without limit.)
 */
function tokenClient(req: Request): string {
  const client =
    req.path === '/v1/platform/tokens'
      ? bodyField(req, 'clientId')
      : (basicUser(req) ?? bodyField(req, 'client_id'));
  return client === undefined ? '-' : client.slice(0, 200);
}

export function createThrottles(deps: ThrottleDeps): Throttles {
  const { rateLimits, now, logger } = deps;

  const rateLimited = (
    message: string,
    resetTime: Date | undefined,
    windowMs: number,
  ): ScmError => {
    const left = resetTime === undefined ? windowMs : resetTime.getTime() - now();
    return gatewayBusy(message, left / 1000);
  };

  const limiter = (
    name: RateLimitName,
    message: string,
    options: Partial<Options> = {},
  ): RateLimitRequestHandler => {
    const { limit, windowMs } = rateLimits[name];
    return rateLimit({
      windowMs,
      limit,
      store: new DatabaseRateLimitStore(deps.prisma, name, now),
      // The error handler writes Retry-After; RateLimit-* headers would count on the wall clock.
      standardHeaders: false,
      legacyHeaders: false,
      keyGenerator: (req) => clientAddress(req),
      handler: (req, _res, next) => {
        next(
          rateLimited(
            message,
            (req as Request & { rateLimit?: RateLimitInfo }).rateLimit?.resetTime,
            windowMs,
          ),
        );
      },
      logger: {
        error: (error, note) => {
          logger.error(note ?? 'rate limiter error', {
            error: error instanceof Error ? error.message : String(error),
          });
        },
        warn: (error, note) => {
          logger.warn(note ?? 'rate limiter warning', {
            error: error instanceof Error ? error.message : String(error),
          });
        },
      },
      ...options,
    });
  };

  const adminLimiter = limiter(
    'admin_key_ip',
    'Too many requests with a wrong admin key from this address; retry later.',
  );
  const adminRule = rateLimits.admin_key_ip;

  return {
    loginIp: limiter('login_ip', 'Too many failed sign-ins from this address; retry later.', {
      skipSuccessfulRequests: true,
    }),
    loginAccount: limiter(
      'login_account',
      'Too many failed sign-ins for this account; retry later.',
      {
        skipSuccessfulRequests: true,
        skip: (req) => loginAccount(req) === undefined,
        keyGenerator: (req) => loginAccount(req) ?? '',
      },
    ),
    signupIp: limiter('signup_ip', 'Too many signups from this address; retry later.'),
    token: limiter('token', 'Too many token requests for this client; retry later.', {
      keyGenerator: (req) => `${tokenClient(req)}|${clientAddress(req)}`,
    }),
    // Only requests naming a client that does not exist are counted and held: behind a reverse
    // proxy every caller shares one address, and a limit on every failure there would let anyone
    // lock every app out of its tokens; a real client's guesses are `token`'s.
    tokenIp: limiter(
      'token_ip',
      'Too many token requests for unknown clients from this address; retry later.',
      {
        skip: async (req) => {
          const client = tokenClient(req);
          if (client === '-') return false;
          return (
            (await deps.prisma.oAuthClient.findUnique({
              where: { id: client },
              select: { id: true },
            })) !== null
          );
        },
      },
    ),
    authStartIp: limiter(
      'auth_start_ip',
      'Too many provider connections started from this address; retry later.',
    ),
    adminKey: (req, res, next) => {
      const given = req.get('x-admin-api-key');
      if (given === undefined || given === '') {
        next();
        return;
      }
      // A wrong key counts (and is refused once over the limit: the route would have said 401).
      if (!safeEqual(given, deps.adminApiKey)) {
        void adminLimiter(req, res, next);
        return;
      }
      // The right key is refused too while the address is over: otherwise the answers would tell
      // the right key from wrong ones however many guesses were made.
      Promise.resolve(adminLimiter.getKey(clientAddress(req))).then((info) => {
        if (info !== undefined && info.totalHits > adminRule.limit)
          next(
            rateLimited(
              'Too many requests with a wrong admin key from this address; retry later.',
              info.resetTime,
              adminRule.windowMs,
            ),
          );
        else next();
      }, next);
    },
  };
}

/**
 * Runs middleware (throttles) inside a route handler, in order: resolves when each has called
 * `next()`, rejects with the error one passes (RATE_LIMITED), so the handler can answer it its way.
 */
export async function passThrough(
  req: Request,
  res: Response,
  ...handlers: RequestHandler[]
): Promise<void> {
  for (const handler of handlers) {
    await new Promise<void>((resolve, reject) => {
      void handler(req, res, (error?: unknown) => {
        if (error === undefined || error === null || error === 'route' || error === 'router')
          resolve();
        else
          reject(
            error instanceof Error
              ? error
              : new Error('A middleware failed with a non-Error value.'),
          );
      });
    });
  }
}
