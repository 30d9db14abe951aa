import type { IncomingMessage, ServerResponse } from 'node:http';
import { Router, type Request } from 'express';
import helmet from 'helmet';
import { readList } from '../json-list.js';
import type { GatewayServices } from '../services.js';
import { STYLE_SOURCE } from './html.js';
import type { WithLocals } from './request-context.js';

/**
 * The pages an app may show inside its own page ("iframe mode"): the consent page and the access
 * management page. Each may be framed by the origins of its app's registered redirect URIs, and
 * by nothing else; every other response, and these for an unknown or deleted app, by no one.
 */
const EMBEDDABLE: readonly { path: string; clientId: (req: Request) => unknown }[] = [
  { path: '/oauth/authorize', clientId: (req) => req.query.client_id },
  { path: '/app/company/apps/:clientId', clientId: (req) => req.params.clientId },
];

/** Paths a browser reaches from an app's window (popup or redirect mode): no COOP there, see below. */
const FROM_APP_WINDOWS = /^\/(oauth\/|app\/company\/|v1\/auth\/)/;

interface Embedding {
  /** Origins allowed to frame the page; empty: none. */
  frameAncestors: string[];
  /** Where its forms may end up (the consent form redirects to the app), besides 'self'. */
  formTargets: string[];
}

function embeddingOf(res: Pick<WithLocals, 'locals'>): Embedding {
  return (res.locals.embedding as Embedding | undefined) ?? { frameAncestors: [], formTargets: [] };
}

/** The distinct http(s) origins of a list of redirect URIs (custom schemes cannot frame a page). */
export function redirectOrigins(redirectUris: readonly string[]): string[] {
  const origins = new Set<string>();
  for (const uri of redirectUris) {
    try {
      const url = new URL(uri);
      if (url.protocol === 'https:' || url.protocol === 'http:') origins.add(url.origin);
    } catch {
      // not a URL: nothing to allow
    }
  }
  return [...origins];
}

/**
 * helmet on every response, with a CSP for the server-rendered pages (src/http/html.ts,
 * src/routes/web/html.ts): scripts and the stylesheet only from the gateway itself (`/assets/*`,
 * `'self'`; no inline script or style, no other origin), forms only to
 * the gateway (and, on the consent page, to where its approval redirects: Chromium checks
 * form-action on the redirect too), `frame-ancestors` as above. `X-Frame-Options: DENY` only where
 * frame-ancestors is 'none' (it cannot name a list; browsers that know CSP ignore it anyway).
 * JSON responses get the same headers, which change nothing for CORS callers
 * (Cross-Origin-Resource-Policy only applies to no-cors loads).
 */
export function securityHeaders(services: GatewayServices): Router {
  const { prisma, logger } = services;
  const router = Router();

  for (const { path, clientId } of EMBEDDABLE) {
    router.get(path, async (req, res, next) => {
      const id = clientId(req);
      if (typeof id === 'string' && id.length > 0 && id.length <= 200) {
        try {
          const client = await prisma.oAuthClient.findUnique({
            where: { id },
            select: { redirectUris: true, deletedAt: true },
          });
          if (client !== null && client.deletedAt === null) {
            const origins = redirectOrigins(readList(client.redirectUris));
            res.locals.embedding = {
              frameAncestors: origins,
              formTargets: path === '/oauth/authorize' ? origins : [],
            } satisfies Embedding;
          }
        } catch (error) {
          // The page itself will fail on the same database; until then, frame-ancestors 'none'.
          logger.warn('could not read the app for frame-ancestors', {
            error: error instanceof Error ? error.message : String(error),
          });
        }
      }
      next();
    });
  }

  const write = apiHeaders(services);
  router.use((req, res, next) => {
    write(req, res, req.path);
    next();
  });

  return router;
}

/** What the headers depend on: HSTS and `upgrade-insecure-requests` only when served over https. */
export type HeaderSettings = { readonly config: { readonly publicUrl: string } };

/** helmet, configured for the gateway (see `securityHeaders` above). */
function gatewayHelmet(services: HeaderSettings): ReturnType<typeof helmet> {
  const https = services.config.publicUrl.startsWith('https:');
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'none'"],
        // The pages' stylesheet and scripts are files under /assets (no inline style or script).
        styleSrc: [STYLE_SOURCE],
        scriptSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        formAction: [
          (_req, res) => ["'self'", ...embeddingOf(res as WithLocals).formTargets].join(' '),
        ],
        frameAncestors: [
          (_req, res) => embeddingOf(res as WithLocals).frameAncestors.join(' ') || "'none'",
        ],
        baseUri: ["'none'"],
        ...(https ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    // Set below: DENY where nothing may frame the page, absent where some origins may.
    xFrameOptions: false,
    // HSTS means something only over https.
    strictTransportSecurity: https ? { maxAge: 31_536_000, includeSubDomains: false } : false,
    referrerPolicy: { policy: 'no-referrer' },
  });
}

/** What the headers are written on: a response, or the recorder of `fixedApiHeaders`. */
interface HeaderTarget {
  locals: Record<string, unknown>;
  setHeader(name: string, value: string): unknown;
  removeHeader(name: string): void;
}

/**
 * The headers every answer gets (helmet's, then `x-frame-options` or CORP, and no COOP on the paths
 * an app's window opens), as one synchronous step: the router above runs it after the embeddable
 * pages' lookups.
 */
export function apiHeaders(
  services: HeaderSettings,
): (req: Pick<IncomingMessage, 'headers'>, res: HeaderTarget, path: string) => void {
  const headers = gatewayHelmet(services);
  return (req, res, path) => {
    // helmet's steps are synchronous; one only fails on a directive that is not a string.
    headers(req as IncomingMessage, res as unknown as ServerResponse, (error?: unknown) => {
      if (error instanceof Error) throw error;
      if (error !== undefined) throw new Error('A security header could not be written.');
    });
    if (embeddingOf(res).frameAncestors.length === 0) res.setHeader('x-frame-options', 'DENY');
    // An app may frame this page, even from a page with a Cross-Origin-Embedder-Policy.
    else res.setHeader('cross-origin-resource-policy', 'cross-origin');
    // Apps open these in popups they watch (window.opener); COOP same-origin would cut them off.
    if (FROM_APP_WINDOWS.test(path)) res.removeHeader('cross-origin-opener-policy');
  };
}

/**
 * `apiHeaders` for a response no app may frame (no embedding: every JSON answer), worked out once
 * per kind of path (an app's window opens it or not): its values depend on nothing else, so the
 * routes answered before Express (http/direct-route.ts) replay what `apiHeaders` wrote on a
 * recorder — the same names, values and order — instead of running helmet's eleven steps on every
 * request.
 */
export function fixedApiHeaders(
  services: HeaderSettings,
): (res: ServerResponse, path: string) => void {
  const write = apiHeaders(services);
  const record = (path: string): (readonly [string, string])[] => {
    const written = new Map<string, readonly [string, string]>();
    write(
      { headers: {} },
      {
        locals: {},
        setHeader: (name, value) => written.set(name.toLowerCase(), [name, value]),
        removeHeader: (name) => written.delete(name.toLowerCase()),
      },
      path,
    );
    return [...written.values()];
  };
  const byKind = new Map<boolean, (readonly [string, string])[]>();
  return (res, path) => {
    const appWindow = FROM_APP_WINDOWS.test(path);
    let headers = byKind.get(appWindow);
    if (headers === undefined) {
      headers = record(path);
      byKind.set(appWindow, headers);
    }
    for (const [name, value] of headers) res.setHeader(name, value);
  };
}
