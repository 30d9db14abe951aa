import { ScmError } from '@scm/core';
import { Router, type Request, type Response } from 'express';
import { ROLES, type Role } from '../../auth/roles.js';
import type { SessionUser } from '../../auth/sessions.js';
import { passThrough } from '../../http/throttle.js';
import { parseInput } from '../../http/validate.js';
import type { GatewayServices } from '../../services.js';
import {
  AcceptQuery,
  AcceptSchema,
  InvitationIdParams,
  InviteSchema,
  RoleChangeSchema,
  UserIdParams,
} from '../../members/schemas.js';
import {
  acceptInvitation,
  changeMemberRole,
  createInvitation,
  describeInvitation,
  invitableRoles,
  loadTeam,
  removeMember,
  revokeInvitation,
  type InvitationView,
  type MemberView,
} from '../../members/service.js';
import { html, sendPage, type SafeHtml } from './html.js';
import { MIN_PASSWORD_LENGTH } from '../../auth/account-fields.js';

/** The web router's CSRF and cookie helpers, so these pages check exactly what the dashboard checks. */
export interface WebHelpers {
  csrfToken(session: SessionUser): string;
  checkCsrf(req: Request, session: SessionUser): void;
  formCsrfToken(req: Request, res: Response): string;
  checkFormCsrf(req: Request): void;
  setSessionCookie(res: Response, token: string, expiresAt: Date): void;
}

const NOTICES: Record<string, string> = {
  role: 'Role changed.',
  removed: 'Member removed: their sessions in this tenant are revoked.',
  revoked: 'Invitation revoked: its link no longer works.',
  joined: 'Welcome: you joined this tenant.',
};

interface TeamState {
  status: number;
  error?: string;
  notice?: string;
  invited?: InvitationView & { accept_url: string };
}

function bodyOf(req: Request): Record<string, unknown> {
  const body: unknown = req.body;
  return typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
}

/**
 * The hosted "Team" page (`/app/team`: members, invitations, roles) and the invitation accept page
 * (`/app/invitations/accept?token=…`), plain forms as on the dashboard. Signed in, every form
 * carries the session's CSRF token; the accept page's signup form, before there is a session,
 * carries the per-browser one of the signup form.
 */
export function teamPages(services: GatewayServices, web: WebHelpers): Router {
  const router = Router();
  const { sessions, throttles } = services;

  const browserSession = async (req: Request, res: Response): Promise<SessionUser | null> => {
    const session = await sessions.optional(req);
    if (session === null) res.redirect(303, '/app/login');
    return session;
  };

  const renderTeam = async (res: Response, session: SessionUser, state: TeamState) => {
    const team = await loadTeam(services, session);
    const csrf = web.csrfToken(session);
    sendPage(res, state.status, 'Team', teamBody({ session, csrf, state, ...team }), {
      signedIn: true,
      csrf,
    });
  };

  router.get('/app/team', async (req, res) => {
    const session = await browserSession(req, res);
    if (session === null) return;
    const notice = typeof req.query.notice === 'string' ? NOTICES[req.query.notice] : undefined;
    await renderTeam(res, session, { status: 200, ...(notice === undefined ? {} : { notice }) });
  });

  /** A team form: CSRF first, then the action; a client error shows the page with it. */
  const teamAction = (
    action: (req: Request, res: Response, session: SessionUser) => Promise<void>,
  ) => {
    return async (req: Request, res: Response): Promise<void> => {
      const session = await browserSession(req, res);
      if (session === null) return;
      try {
        web.checkCsrf(req, session);
        await action(req, res, session);
      } catch (error) {
        if (!ScmError.isInstance(error) || error.status >= 500) throw error;
        await renderTeam(res, session, { status: error.status, error: error.message });
      }
    };
  };

  router.post(
    '/app/team/invitations',
    teamAction(async (req, res, session) => {
      const input = parseInput(InviteSchema, bodyOf(req), 'body');
      const invited = await createInvitation(services, session, input);
      await renderTeam(res, session, { status: 201, invited });
    }),
  );

  router.post(
    '/app/team/invitations/:id/revoke',
    teamAction(async (req, res, session) => {
      const { id } = parseInput(InvitationIdParams, req.params, 'params');
      await revokeInvitation(services, session, id);
      res.redirect(303, '/app/team?notice=revoked');
    }),
  );

  router.post(
    '/app/team/members/:userId/role',
    teamAction(async (req, res, session) => {
      const { userId } = parseInput(UserIdParams, req.params, 'params');
      const { role } = parseInput(RoleChangeSchema, bodyOf(req), 'body');
      await changeMemberRole(services, session, userId, role);
      res.redirect(303, '/app/team?notice=role');
    }),
  );

  router.post(
    '/app/team/members/:userId/remove',
    teamAction(async (req, res, session) => {
      const { userId } = parseInput(UserIdParams, req.params, 'params');
      await removeMember(services, session, userId);
      res.redirect(303, '/app/team?notice=removed');
    }),
  );

  // ---- accepting an invitation -----------------------------------------------------------------

  const renderAccept = async (
    req: Request,
    res: Response,
    token: string,
    status: number,
    error: string | null,
  ): Promise<void> => {
    const session = await sessions.optional(req);
    const options = session === null ? {} : { signedIn: true, csrf: web.csrfToken(session) };
    let invitation: Awaited<ReturnType<typeof describeInvitation>>;
    try {
      invitation = await describeInvitation(services, token);
    } catch (failure) {
      if (!ScmError.isInstance(failure) || failure.status >= 500) throw failure;
      sendPage(
        res,
        failure.status,
        'Invitation',
        html`<h1>Invitation</h1><p class="error" role="alert">${failure.message}</p>`,
        options,
      );
      return;
    }
    const form = acceptForm({
      token,
      invitation,
      session,
      csrf: session === null ? web.formCsrfToken(req, res) : web.csrfToken(session),
    });
    sendPage(
      res,
      status,
      'Invitation',
      html`<h1>Join ${invitation.tenantName}</h1>
${error === null ? '' : html`<p class="error" role="alert">${error}</p>`}
<p>You are invited as <strong>${invitation.role}</strong> (invitation for <strong>${invitation.email}</strong>, valid until ${invitation.expiresAt.toISOString()}).</p>
${form}`,
      options,
    );
  };

  router.get('/app/invitations/accept', async (req, res) => {
    const query = AcceptQuery.safeParse(req.query);
    // A link cut short: the page says so as any unknown token's does.
    await renderAccept(req, res, query.success ? query.data.token : '-', 200, null);
  });

  router.post('/app/invitations/accept', async (req, res) => {
    const body = bodyOf(req);
    const token = typeof body.token === 'string' ? body.token.trim() : '';
    const session = await sessions.optional(req);
    let joined: Awaited<ReturnType<typeof acceptInvitation>>;
    try {
      if (session === null) web.checkFormCsrf(req);
      else web.checkCsrf(req, session);
      const input = parseInput(AcceptSchema, body, 'body');
      if (session === null) await passThrough(req, res, throttles.signupIp);
      joined = await acceptInvitation(services, session, input);
    } catch (error) {
      if (!ScmError.isInstance(error) || error.status >= 500 || token === '') throw error;
      if (error.retryAfterSeconds !== null)
        res.setHeader('retry-after', String(error.retryAfterSeconds));
      await renderAccept(req, res, token, error.status, error.message);
      return;
    }
    // This browser now acts in the tenant joined: a new session replaces the one it had.
    if (session !== null) await sessions.revoke(req);
    const issued = await sessions.create(joined.user.id, joined.tenant.id);
    web.setSessionCookie(res, issued.token, issued.expiresAt);
    res.redirect(303, '/app/team?notice=joined');
  });

  return router;
}

// ---- markup --------------------------------------------------------------------------------------

function acceptForm(view: {
  token: string;
  invitation: Awaited<ReturnType<typeof describeInvitation>>;
  session: SessionUser | null;
  csrf: string;
}): SafeHtml {
  const { invitation, session } = view;
  const hidden = html`<input type="hidden" name="csrf" value="${view.csrf}"><input type="hidden" name="token" value="${view.token}">`;
  if (session !== null) {
    if (session.user.email.toLowerCase() !== invitation.email)
      return html`<p class="error">You are signed in as <strong>${session.user.email}</strong>. Sign out, sign in as ${invitation.email}, then open this link again.</p>`;
    return html`<form method="post" action="/app/invitations/accept">${hidden}
<button type="submit">Join as ${session.user.email}</button></form>`;
  }
  if (invitation.accountExists)
    return html`<p>An account with this email exists: <a href="/app/login">sign in</a> with it, then open this link again.</p>`;
  return html`<h2>Create your account</h2>
<form method="post" action="/app/invitations/accept">${hidden}
<label>Your name <input name="name" required maxlength="100"></label>
<label>Password (at least ${MIN_PASSWORD_LENGTH} characters) <input name="password" type="password" required minlength="${MIN_PASSWORD_LENGTH}" maxlength="256"></label>
<button type="submit">Create account and join</button></form>`;
}

function roleOptions(roles: readonly Role[], selected: string): SafeHtml[] {
  return roles.map(
    (role) =>
      html`<option value="${role}"${role === selected ? html` selected` : ''}>${role}</option>`,
  );
}

function teamBody(view: {
  session: SessionUser;
  csrf: string;
  state: TeamState;
  tenantName: string;
  members: MemberView[];
  invitations: InvitationView[];
}): SafeHtml {
  const { session, state } = view;
  const csrfField = html`<input type="hidden" name="csrf" value="${view.csrf}">`;
  const owner = session.role === 'owner';
  const invitable = invitableRoles(session);
  const memberRow = (member: MemberView): SafeHtml => {
    const path = `/app/team/members/${encodeURIComponent(member.user_id)}`;
    return html`<li><strong>${member.name ?? member.email}</strong> &lt;${member.email}&gt; · ${member.role} <span class="muted">since ${member.joined_at}</span>
${
  owner
    ? html`<form class="inline" method="post" action="${path}/role">${csrfField}<select name="role">${roleOptions(ROLES, member.role)}</select> <button type="submit" class="secondary">Change role</button></form>
<form class="inline" method="post" action="${path}/remove">${csrfField}<button type="submit" class="secondary">Remove</button></form>`
    : ''
}</li>`;
  };
  return html`<h1>Team</h1>
<p class="muted">Signed in as <strong>${session.user.email}</strong> · ${view.tenantName} (${session.role}) · <a href="/app/dashboard">Apps</a></p>
${state.notice === undefined ? '' : html`<p role="status">${state.notice}</p>`}
${state.error === undefined ? '' : html`<p class="error" role="alert">${state.error}</p>`}
${
  state.invited === undefined
    ? ''
    : html`<fieldset><legend>Invitation for ${state.invited.email} (${state.invited.role})</legend>
<p>Send this link to them: <code id="accept-url">${state.invited.accept_url}</code></p>
<p class="error">Copy it now: it is stored only as a hash and will not be shown again. It works once, until ${state.invited.expires_at}.</p></fieldset>`
}
<h2>Members</h2>
<ul>${view.members.map(memberRow)}</ul>
${
  invitable.length === 0
    ? ''
    : html`<h2>Invite someone</h2>
<form method="post" action="/app/team/invitations">${csrfField}
<label>Email <input name="email" type="email" required maxlength="254"></label>
<label>Role <select name="role">${roleOptions(invitable, 'member')}</select></label>
<button type="submit">Create invitation link</button></form>
<h2>Pending invitations</h2>
${
  view.invitations.length === 0
    ? html`<p class="muted">None.</p>`
    : html`<ul>${view.invitations.map(
        (invitation) =>
          html`<li>${invitation.email} · ${invitation.role} <span class="muted">until ${invitation.expires_at}</span>
<form class="inline" method="post" action="/app/team/invitations/${encodeURIComponent(invitation.id)}/revoke">${csrfField}<button type="submit" class="secondary">Revoke</button></form></li>`,
      )}</ul>`
}`
}`;
}
