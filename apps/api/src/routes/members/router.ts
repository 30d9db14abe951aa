import { Router } from 'express';
import { bearerToken } from '../../auth/bearer.js';
import { SESSION_COOKIE } from '../../auth/sessions.js';
import { parseLimit, sendCollection, sendJson } from '../../http/collections.js';
import { readGatewayCookie } from '../../http/cookies.js';
import { keysetPage } from '../../http/keyset-page.js';
import { passThrough } from '../../http/throttle.js';
import { parseInput, requireJsonBody } from '../../http/validate.js';
import type { GatewayServices } from '../../services.js';
import {
  AcceptSchema,
  InvitationIdParams,
  InviteSchema,
  ListQuery,
  RoleChangeSchema,
  UserIdParams,
} from '../../members/schemas.js';
import {
  acceptInvitation,
  changeMemberRole,
  createInvitation,
  listMembers,
  listPendingInvitations,
  presentInvitation,
  presentMember,
  removeMember,
  revokeInvitation,
} from '../../members/service.js';

/**
 * Users and roles of a tenant (session routes): members, invitations and their acceptance. Any
 * member lists the members; owners and admins invite (an admin invites members only), list and
 * revoke invitations; owners change roles and remove members, never the last owner. Everything is
 * looked up within the session's tenant.
 */
export function membersRouter(services: GatewayServices): Router {
  const router = Router();
  const { sessions, throttles } = services;

  router.get('/v1/tenant/members', async (req, res) => {
    const session = await sessions.require(req);
    const { limit, cursor } = parseInput(ListQuery, req.query, 'query');
    const page = keysetPage(services.cursors, {
      endpoint: 'tenant.members',
      filters: {},
      limit: parseLimit(limit),
      principal: session.tenantId,
      cursor,
    });
    const { rows, pageInfo } = page.finish(
      await listMembers(services, session.tenantId, { after: page.after, take: page.take }),
    );
    sendCollection(res, rows.map(presentMember), pageInfo);
  });

  router.patch('/v1/tenant/members/:userId', async (req, res) => {
    const session = await sessions.require(req);
    const { userId } = parseInput(UserIdParams, req.params, 'params');
    requireJsonBody(req);
    const { role } = parseInput(RoleChangeSchema, req.body, 'body');
    sendJson(res, 200, await changeMemberRole(services, session, userId, role));
  });

  router.delete('/v1/tenant/members/:userId', async (req, res) => {
    const session = await sessions.require(req);
    const { userId } = parseInput(UserIdParams, req.params, 'params');
    sendJson(res, 200, await removeMember(services, session, userId));
  });

  router.get('/v1/tenant/invitations', async (req, res) => {
    const session = await sessions.require(req);
    const { limit, cursor } = parseInput(ListQuery, req.query, 'query');
    const page = keysetPage(services.cursors, {
      endpoint: 'tenant.invitations',
      filters: {},
      limit: parseLimit(limit),
      principal: session.tenantId,
      cursor,
    });
    const { rows, pageInfo } = page.finish(
      await listPendingInvitations(services, session, { after: page.after, take: page.take }),
    );
    sendCollection(res, rows.map(presentInvitation), pageInfo);
  });

  router.post('/v1/tenant/invitations', async (req, res) => {
    const session = await sessions.require(req);
    requireJsonBody(req);
    const input = parseInput(InviteSchema, req.body, 'body');
    const created = await createInvitation(services, session, input);
    res.setHeader('cache-control', 'no-store');
    sendJson(res, 201, created);
  });

  router.delete('/v1/tenant/invitations/:id', async (req, res) => {
    const session = await sessions.require(req);
    const { id } = parseInput(InvitationIdParams, req.params, 'params');
    sendJson(res, 200, await revokeInvitation(services, session, id));
  });

  /**
   * With a session (of the invited email) the user joins; without one a new account is made for
   * the invited email, throttled as signups are. Either way the answer carries a new session for
   * the tenant joined, shaped as the JSON login's.
   */
  router.post('/v1/tenant/invitations/accept', async (req, res) => {
    requireJsonBody(req);
    const input = parseInput(AcceptSchema, req.body, 'body');
    // A session that was sent must be valid (AUTH_EXPIRED…): it is never taken for a signup.
    const sent =
      bearerToken(req)?.startsWith('sggst_') === true ||
      readGatewayCookie(req, services.config, SESSION_COOKIE) !== undefined;
    const session = sent ? await sessions.require(req) : null;
    if (session === null) await passThrough(req, res, throttles.signupIp);
    const joined = await acceptInvitation(services, session, input);
    const issued = await sessions.create(joined.user.id, joined.tenant.id);
    res.setHeader('cache-control', 'no-store');
    sendJson(res, 201, {
      ...joined,
      session: { token: issued.token, expiresAt: issued.expiresAt.toISOString() },
    });
  });

  return router;
}
