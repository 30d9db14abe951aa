import { randomBytes } from 'node:crypto';
import { ScmError, toErrorBody } from '@scm/core';
import { Router, type Request, type Response } from 'express';
import { bearerToken } from '../../auth/bearer.js';
import { SESSION_COOKIE, type SessionUser } from '../../auth/sessions.js';
import { hashSecret } from '../../crypto/tokens.js';
import { sendJson } from '../../http/collections.js';
import { cookieLine, readGatewayCookie } from '../../http/cookies.js';
import { answersHtmlErrors, sendErrorPage } from '../../http/error-page.js';
import { SERVICE_NAME, gatewayError } from '../../http/errors.js';
import { requestContextOf } from '../../http/request-context.js';
import { passThrough } from '../../http/throttle.js';
import { parseInput } from '../../http/validate.js';
import type { GatewayServices } from '../../services.js';
import { landingPages } from './landing-page.js';
import { teamPages } from './team-page.js';
import { subscriptionsPage } from './subscriptions-page.js';
import { dashboardPages } from './dashboard-page.js';
import { html, sendPage } from './html.js';
import { LoginSchema, MIN_PASSWORD_LENGTH, SignupSchema } from './schemas.js';
import { authenticate, registerAccount } from './service.js';

export { MIN_PASSWORD_LENGTH };

const CSRF_TTL_SECONDS = 3600;
/** A random id per browser, set with the signup and login forms: their CSRF tokens are bound to it. */
const FORM_COOKIE = 'sgg_form';
const CSRF_MESSAGE =
  'The form has expired or did not come from this site; reload the page and try again.';
/** What a signup answers, whether or not the email already had an account (README: "Signup"). */
const SIGNUP_ACCEPTED =
  "If this email had no account yet, it has one now: sign in with it. If it already had one, sign in with that account's password.";
const LOGIN_NOTICES: Record<string, string> = { 'signed-up': SIGNUP_ACCEPTED };
const CUSTOMER_DEPRECATED =
  'Customer accounts are deprecated; customers connect through the hosted consent flow.';

type Body = Record<string, unknown>;

function wantsJson(req: Request): boolean {
  return typeof req.is('application/json') === 'string';
}

function bodyOf(req: Request): Body {
  const body: unknown = req.body;
  return typeof body === 'object' && body !== null ? (body as Body) : {};
}

/** One form field (the first, if the field was repeated). */
function field(body: Body, name: string): string | undefined {
  const value = body[name];
  if (typeof value === 'string') return value;
  if (Array.isArray(value) && typeof value[0] === 'string') return value[0];
  return undefined;
}

function formErrorMessage(error: unknown): string {
  return ScmError.isInstance(error) ? error.message : 'Something went wrong.';
}

function userView(user: { id: string; email: string; name: string | null }) {
  return { id: user.id, email: user.email, name: user.name };
}

/**
 * Hosted web pages (seed: "Web App Routes (HTML)"): landing, docs, developer signup/login and the
 * dashboard that manages apps with plain forms. Every state-changing form carries a CSRF token:
 * bound to the session once signed in (dashboard, sign out), to a per-browser cookie before
 * (signup, login). JSON login answers a bearer session token instead of a cookie.
 */
export function webRouter(services: GatewayServices): Router {
  const router = Router();
  const { sessions, signer, config, throttles } = services;
  const setSessionCookie = (res: Response, token: string, expiresAt: Date): void => {
    res.append(
      'set-cookie',
      cookieLine(config, {
        name: SESSION_COOKIE,
        value: token,
        path: '/',
        maxAgeSeconds: Math.max(1, Math.floor((expiresAt.getTime() - services.now()) / 1000)),
        sameSite: 'lax',
      }),
    );
  };

  const csrfToken = (session: SessionUser): string =>
    signer.sign({ sid: session.sessionId, purpose: 'csrf' }, CSRF_TTL_SECONDS);

  const checkCsrf = (req: Request, session: SessionUser): void => {
    const value = signer.verify(field(bodyOf(req), 'csrf'));
    if (value === null || value.purpose !== 'csrf' || value.sid !== session.sessionId) {
      throw gatewayError('INVALID_REQUEST', CSRF_MESSAGE);
    }
  };

  /**
   * The CSRF token of the signup and login forms, before there is a session: the same signed
   * value as the dashboard's, bound to a random per-browser cookie (HttpOnly, SameSite=Lax, so a
   * cross-site post arrives without it) instead of a session. Login CSRF (signing the victim's
   * browser into the attacker's account) needs the victim's cookie, which no other site can read
   * or send.
   */
  const formCsrfToken = (req: Request, res: Response): string => {
    let browserId = readGatewayCookie(req, config, FORM_COOKIE);
    if (browserId === undefined || !/^[A-Za-z0-9_-]{24}$/.test(browserId)) {
      browserId = randomBytes(18).toString('base64url');
      res.append(
        'set-cookie',
        cookieLine(config, { name: FORM_COOKIE, value: browserId, path: '/app', sameSite: 'lax' }),
      );
    }
    return signer.sign({ bid: hashSecret(browserId), purpose: 'form-csrf' }, CSRF_TTL_SECONDS);
  };

  const checkFormCsrf = (req: Request): void => {
    const browserId = readGatewayCookie(req, config, FORM_COOKIE);
    const value = signer.verify(field(bodyOf(req), 'csrf'));
    if (
      browserId === undefined ||
      value === null ||
      value.purpose !== 'form-csrf' ||
      value.bid !== hashSecret(browserId)
    ) {
      throw gatewayError('INVALID_REQUEST', CSRF_MESSAGE);
    }
  };

  const sendDeprecated = (req: Request, res: Response): void => {
    if (answersHtmlErrors(req)) {
      sendErrorPage(req, res, gatewayError('INVALID_REQUEST', CUSTOMER_DEPRECATED), {
        status: 410,
        heading: 'This page has moved',
      });
      return;
    }
    const body = toErrorBody(gatewayError('INVALID_REQUEST', CUSTOMER_DEPRECATED), {
      requestId: requestContextOf(res).requestId,
      serviceName: SERVICE_NAME,
    });
    requestContextOf(res).errorCode = body.error.code;
    sendJson(res, 410, body);
  };

  // ---- pages ---------------------------------------------------------------------------------

  router.use(landingPages(services, { csrfToken }));

  // ---- signup / login ------------------------------------------------------------------------

  const signupForm = (
    req: Request,
    res: Response,
    status: number,
    error: string | null,
    values: Body = {},
  ): void => {
    sendPage(
      res,
      status,
      'Create a developer account',
      html`<h1>Create a developer account</h1>
${error === null ? '' : html`<p class="error" role="alert">${error}</p>`}
<form method="post" action="/app/signup"><input type="hidden" name="csrf" value="${formCsrfToken(req, res)}">
<label>Your name <input name="name" required maxlength="100" value="${field(values, 'name') ?? ''}"></label>
<label>Email <input name="email" type="email" required maxlength="254" value="${field(values, 'email') ?? ''}"></label>
<label>Password (at least ${MIN_PASSWORD_LENGTH} characters) <input name="password" type="password" required minlength="${MIN_PASSWORD_LENGTH}" maxlength="256"></label>
<label>Company <input name="company" maxlength="100" value="${field(values, 'company') ?? ''}"></label>
<button type="submit">Create account</button>
</form>
<p class="muted">Already have an account? <a href="/app/login">Sign in</a>.</p>`,
    );
  };

  const loginForm = (
    req: Request,
    res: Response,
    status: number,
    message: { error?: string; notice?: string },
    values: Body = {},
  ): void => {
    sendPage(
      res,
      status,
      'Sign in',
      html`<h1>Sign in</h1>
${message.notice === undefined ? '' : html`<p role="status">${message.notice}</p>`}
${message.error === undefined ? '' : html`<p class="error" role="alert">${message.error}</p>`}
<form method="post" action="/app/login"><input type="hidden" name="csrf" value="${formCsrfToken(req, res)}">
<label>Email <input name="email" type="email" required maxlength="254" value="${field(values, 'email') ?? ''}"></label>
<label>Password <input name="password" type="password" required maxlength="256"></label>
<button type="submit">Sign in</button>
</form>
<p class="muted">No account yet? <a href="/app/signup">Create one</a>.</p>`,
    );
  };

  /**
   * Signup answers the same whether the email was new or not — 202 `{ status: "accepted", email,
   * message }` for JSON, a redirect to the login form for the form — and signs nobody in: a
   * session for new emails only would tell which emails have accounts. The developer signs in next.
   * JSON posts carry no CSRF token: they set no cookie, and a browser sends application/json to
   * another site only after a CORS preflight, without that site's cookies.
   */
  const signup = async (req: Request, res: Response): Promise<void> => {
    const json = wantsJson(req);
    const body = bodyOf(req);
    let email: string;
    try {
      if (!json) checkFormCsrf(req);
      const input = parseInput(SignupSchema, body, 'body');
      await passThrough(req, res, throttles.signupIp);
      await registerAccount(services, input);
      email = input.email;
    } catch (error) {
      if (json || !ScmError.isInstance(error) || error.status >= 500) throw error;
      if (error.retryAfterSeconds !== null)
        res.setHeader('retry-after', String(error.retryAfterSeconds));
      signupForm(req, res, error.status, formErrorMessage(error), body);
      return;
    }
    if (json) {
      res.setHeader('cache-control', 'no-store');
      sendJson(res, 202, { status: 'accepted', email, message: SIGNUP_ACCEPTED });
      return;
    }
    res.redirect(303, '/app/login?notice=signed-up');
  };

  /**
   * Sign-in, throttled per client address and per account (failures only: see src/http/throttle.ts);
   * once over, the right password is refused too until the window ends. JSON posts carry no CSRF
   * token: they set no cookie (the answer is a bearer token), and a browser sends application/json
   * to another site only after a CORS preflight, without that site's cookies.
   */
  const login = async (req: Request, res: Response): Promise<void> => {
    const json = wantsJson(req);
    const body = bodyOf(req);
    let result: Awaited<ReturnType<typeof authenticate>>;
    try {
      if (!json) checkFormCsrf(req);
      const input = parseInput(LoginSchema, body, 'body');
      await passThrough(req, res, throttles.loginIp, throttles.loginAccount);
      result = await authenticate(services, input);
    } catch (error) {
      if (json || !ScmError.isInstance(error) || error.status >= 500) throw error;
      if (error.retryAfterSeconds !== null)
        res.setHeader('retry-after', String(error.retryAfterSeconds));
      loginForm(req, res, error.status, { error: formErrorMessage(error) }, body);
      return;
    }
    const { user, membership } = result;
    const session = await sessions.create(user.id, membership.tenantId);
    if (json) {
      res.setHeader('cache-control', 'no-store');
      sendJson(res, 200, {
        user: userView(user),
        tenant: {
          id: membership.tenant.id,
          name: membership.tenant.name,
          slug: membership.tenant.slug,
          role: membership.role,
        },
        session: { token: session.token, expiresAt: session.expiresAt.toISOString() },
      });
      return;
    }
    setSessionCookie(res, session.token, session.expiresAt);
    res.redirect(303, '/app/dashboard');
  };

  for (const path of ['/app/signup', '/app/developer/signup']) {
    router.get(path, (req, res) => {
      signupForm(req, res, 200, null);
    });
    router.post(path, signup);
  }
  for (const path of ['/app/login', '/app/developer/login']) {
    router.get(path, (req, res) => {
      const notice =
        typeof req.query.notice === 'string' ? LOGIN_NOTICES[req.query.notice] : undefined;
      loginForm(req, res, 200, notice === undefined ? {} : { notice });
    });
    router.post(path, login);
  }
  for (const path of ['/app/customer/signup', '/app/customer/login']) {
    router.get(path, sendDeprecated);
    router.post(path, sendDeprecated);
  }

  // Signing out changes state, so it is a POST with the session's CSRF token; a GET (an old link,
  // a prefetch, an <img> on another site) only shows the button.
  router.get('/app/logout', async (req, res) => {
    const session = await sessions.optional(req);
    if (session === null) {
      res.redirect(303, '/');
      return;
    }
    const csrf = csrfToken(session);
    sendPage(
      res,
      200,
      'Sign out',
      html`<h1>Sign out</h1><p>Signed in as <strong>${session.user.email}</strong>.</p>
<form method="post" action="/app/logout"><input type="hidden" name="csrf" value="${csrf}"><button type="submit">Sign out</button></form>`,
      { signedIn: true, csrf },
    );
  });

  router.post('/app/logout', async (req, res) => {
    const session = await sessions.optional(req);
    if (session !== null) {
      // A bearer session token is no ambient credential: only the cookie's session needs the token.
      if (bearerToken(req)?.startsWith('sggst_') !== true) {
        try {
          checkCsrf(req, session);
        } catch (error) {
          if (!ScmError.isInstance(error)) throw error;
          sendErrorPage(req, res, error);
          return;
        }
      }
      await sessions.revoke(req);
    }
    res.append(
      'set-cookie',
      cookieLine(config, {
        name: SESSION_COOKIE,
        value: '',
        path: '/',
        maxAgeSeconds: 0,
        sameSite: 'lax',
      }),
    );
    res.redirect(303, '/');
  });

  // ---- dashboard ------------------------------------------------------------------------------

  router.use(dashboardPages(services, { csrfToken, checkCsrf }));
  router.use(
    teamPages(services, { csrfToken, checkCsrf, formCsrfToken, checkFormCsrf, setSessionCookie }),
  );
  router.use(subscriptionsPage(services, { csrfToken }));
  return router;
}
