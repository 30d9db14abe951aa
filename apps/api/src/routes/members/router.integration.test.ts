import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashSecret } from '../../crypto/tokens.js';
import { dumpDatabase } from '../../test-support/dump.js';
import { startTestGateway, type TestGateway } from '../../test-support/gateway.js';
import { bearer, signUpDeveloper } from '../../test-support/flows.js';
import { call, CookieJar, type CallResult } from '../../test-support/http.js';

interface ErrorBody {
  error: { code: string; message: string };
}
interface Member {
  user_id: string;
  email: string;
  name: string | null;
  role: string;
  joined_at: string;
}
interface Invitation {
  id: string;
  tenant_id: string;
  email: string;
  role: string;
  invited_by: string | null;
  expires_at: string;
  created_at: string;
  token?: string;
  accept_url?: string;
}
interface Joined {
  user: { id: string; email: string; name: string | null };
  tenant: { id: string; name: string; slug: string; role: string };
  session: { token: string; expiresAt: string };
}
interface Account {
  token: string;
  tenantId: string;
  email: string;
  userId: string;
}

const PASSWORD = 'a long enough password';
const DAY_MS = 24 * 3600 * 1000;
const randomEmail = (prefix: string) =>
  `${prefix}-${Math.random().toString(36).slice(2)}@example.com`;

describe('users and roles API', () => {
  let gw: TestGateway;
  let offsetMs = 0;
  let alice: Account; // owner of tenant A
  let bob: Account; // owner of tenant B

  const developer = async (): Promise<Account> => {
    const email = randomEmail('dev');
    const { token, tenantId } = await signUpDeveloper(gw, email);
    const me = await call('GET', `${gw.url}/v1/tenant/members`, bearer(token));
    const userId = me.json<{ data: Member[] }>().data.find((m) => m.email === email)?.user_id;
    return { token, tenantId, email, userId: userId as string };
  };

  const prisma = () => gw.gateway.services.prisma;
  const members = (token: string, query = '') =>
    call('GET', `${gw.url}/v1/tenant/members${query}`, bearer(token));
  const invite = (token: string, email: string, role: string) =>
    call('POST', `${gw.url}/v1/tenant/invitations`, { ...bearer(token), json: { email, role } });
  const accept = (body: Record<string, unknown>, token?: string) =>
    call('POST', `${gw.url}/v1/tenant/invitations/accept`, {
      ...(token === undefined ? {} : bearer(token)),
      json: body,
    });
  const patchRole = (token: string, userId: string, role: string) =>
    call('PATCH', `${gw.url}/v1/tenant/members/${encodeURIComponent(userId)}`, {
      ...bearer(token),
      json: { role },
    });
  const remove = (token: string, userId: string) =>
    call('DELETE', `${gw.url}/v1/tenant/members/${encodeURIComponent(userId)}`, bearer(token));

  const expectError = (
    response: Awaited<ReturnType<typeof call>>,
    status: number,
    code: string,
    message?: RegExp,
  ) => {
    expect(response.status, response.text).toBe(status);
    const body = response.json<ErrorBody>();
    expect(body.error.code).toBe(code);
    if (message !== undefined) expect(body.error.message).toMatch(message);
  };

  /** Invites a new email into the inviter's tenant and signs it up through the link. */
  const join = async (inviter: Account, role: string): Promise<Account> => {
    const email = randomEmail(role);
    const invited = await invite(inviter.token, email, role);
    expect(invited.status, invited.text).toBe(201);
    const token = invited.json<Invitation>().token as string;
    const joined = await accept({ token, name: `New ${role}`, password: PASSWORD });
    expect(joined.status, joined.text).toBe(201);
    const body = joined.json<Joined>();
    return { token: body.session.token, tenantId: body.tenant.id, email, userId: body.user.id };
  };

  beforeAll(async () => {
    gw = await startTestGateway({ now: () => Date.now() + offsetMs });
    alice = await developer();
    bob = await developer();
  });
  afterAll(async () => {
    await gw.close();
  });

  it('lists the members of the session tenant as a collection', async () => {
    const response = await members(alice.token);
    expect(response.status, response.text).toBe(200);
    const body = response.json<{ data: Member[]; page_info: unknown }>();
    expect(body.page_info).toEqual({ limit: 25, has_next_page: false, next_cursor: null });
    expect(body.data).toEqual([
      {
        user_id: alice.userId,
        email: alice.email,
        name: 'Dev',
        role: 'owner',
        joined_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) as unknown,
      },
    ]);
    expectError(await members(alice.token, '?limit=0'), 400, 'INVALID_LIMIT');
    expectError(await call('GET', `${gw.url}/v1/tenant/members`), 401, 'AUTH_REQUIRED');
  });

  it('invites with a one-time token stored as its hash, and a new user joins through it', async () => {
    const email = randomEmail('new');
    const response = await invite(alice.token, email.toUpperCase(), 'member');
    expect(response.status, response.text).toBe(201);
    expect(response.headers['cache-control']).toBe('no-store');
    const invitation = response.json<Invitation>();
    expect(invitation).toMatchObject({
      tenant_id: alice.tenantId,
      email,
      role: 'member',
      invited_by: alice.userId,
    });
    const token = invitation.token as string;
    expect(token).toMatch(/^sggiv_[A-Za-z0-9_-]{43}$/);
    expect(invitation.accept_url).toBe(
      `${gw.url}/app/invitations/accept?token=${encodeURIComponent(token)}`,
    );
    const ttl = Date.parse(invitation.expires_at) - Date.parse(invitation.created_at);
    expect(Math.abs(ttl - 7 * DAY_MS)).toBeLessThan(5_000);

    const row = await gw.gateway.services.prisma.invitation.findUniqueOrThrow({
      where: { id: invitation.id },
    });
    expect(row.tokenHash).toBe(hashSecret(token));
    expect(await dumpDatabase(gw.gateway.services.db)).not.toContain(token);

    const pending = await call('GET', `${gw.url}/v1/tenant/invitations`, bearer(alice.token));
    expect(pending.status, pending.text).toBe(200);
    expect(pending.text).not.toContain(token);
    expect(pending.text).not.toContain(row.tokenHash);
    const listed = pending.json<{ data: Invitation[] }>().data;
    expect(listed.map((item) => item.id)).toContain(invitation.id);
    expect(listed.every((item) => item.token === undefined && item.accept_url === undefined)).toBe(
      true,
    );

    const joined = await accept({ token, name: 'Newcomer', password: PASSWORD });
    expect(joined.status, joined.text).toBe(201);
    const body = joined.json<Joined>();
    expect(body.user).toMatchObject({ email, name: 'Newcomer' });
    expect(body.tenant).toMatchObject({ id: alice.tenantId, role: 'member' });
    expect(body.session.token).toMatch(/^sggst_/);

    const seen = await members(body.session.token);
    expect(seen.status, seen.text).toBe(200);
    expect(seen.json<{ data: Member[] }>().data.map((m) => [m.email, m.role])).toEqual(
      expect.arrayContaining([
        [alice.email, 'owner'],
        [email, 'member'],
      ]),
    );
    // The new account signs in with its password like any other.
    const login = await call('POST', `${gw.url}/app/login`, {
      json: { email, password: PASSWORD },
    });
    expect(login.status, login.text).toBe(200);
    // Accepted: no longer pending, and the token works once only.
    const after = await call('GET', `${gw.url}/v1/tenant/invitations`, bearer(alice.token));
    expect(after.json<{ data: Invitation[] }>().data.map((item) => item.id)).not.toContain(
      invitation.id,
    );
    expectError(
      await accept({ token, name: 'Again', password: PASSWORD }),
      400,
      'INVALID_REQUEST',
      /already been used/,
    );
  });

  it('refuses invitations by members, and an admin inviting anything but a member', async () => {
    const member = await join(alice, 'member');
    expectError(
      await invite(member.token, randomEmail('x'), 'member'),
      403,
      'INSUFFICIENT_SCOPE',
      /owner or admin/,
    );
    expectError(
      await call('GET', `${gw.url}/v1/tenant/invitations`, bearer(member.token)),
      403,
      'INSUFFICIENT_SCOPE',
    );

    const admin = await join(alice, 'admin');
    expectError(
      await invite(admin.token, randomEmail('x'), 'admin'),
      403,
      'INSUFFICIENT_SCOPE',
      /Role owner is required to invite an admin/,
    );
    expectError(await invite(admin.token, randomEmail('x'), 'owner'), 403, 'INSUFFICIENT_SCOPE');
    const byAdmin = await invite(admin.token, randomEmail('x'), 'member');
    expect(byAdmin.status, byAdmin.text).toBe(201);
    const revoked = await call(
      'DELETE',
      `${gw.url}/v1/tenant/invitations/${byAdmin.json<Invitation>().id}`,
      bearer(admin.token),
    );
    expect(revoked.status, revoked.text).toBe(200);

    // Roles and removals are the owners' alone.
    expectError(
      await patchRole(admin.token, member.userId, 'admin'),
      403,
      'INSUFFICIENT_SCOPE',
      /Role owner is required to change roles; this user is admin/,
    );
    expectError(await remove(admin.token, member.userId), 403, 'INSUFFICIENT_SCOPE');
    expectError(await patchRole(member.token, member.userId, 'owner'), 403, 'INSUFFICIENT_SCOPE');
  });

  it('refuses to invite an existing member, and bad input', async () => {
    expectError(
      await invite(alice.token, alice.email, 'admin'),
      400,
      'INVALID_REQUEST',
      /already a member/,
    );
    expectError(await invite(alice.token, 'not-an-email', 'member'), 400, 'INVALID_REQUEST');
    expectError(await invite(alice.token, randomEmail('x'), 'superuser'), 400, 'INVALID_REQUEST');
    const form = await call('POST', `${gw.url}/v1/tenant/invitations`, {
      ...bearer(alice.token),
      form: { email: randomEmail('x'), role: 'member' },
    });
    expectError(form, 400, 'INVALID_REQUEST', /application\/json/);
  });

  it('changes roles (owners only) and always keeps an owner', async () => {
    const { tenantId } = alice;
    const member = await join(alice, 'member');
    const promoted = await patchRole(alice.token, member.userId, 'admin');
    expect(promoted.status, promoted.text).toBe(200);
    expect(promoted.json<Member>()).toMatchObject({ user_id: member.userId, role: 'admin' });
    // The new role applies to the member's existing session at once.
    const canInvite = await invite(member.token, randomEmail('x'), 'member');
    expect(canInvite.status, canInvite.text).toBe(201);

    expectError(
      await patchRole(alice.token, alice.userId, 'admin'),
      400,
      'INVALID_REQUEST',
      /at least one owner/,
    );
    expectError(await remove(alice.token, alice.userId), 400, 'INVALID_REQUEST', /one owner/);

    // With a second owner, the first may step down; the second then cannot.
    expect((await patchRole(alice.token, member.userId, 'owner')).status).toBe(200);
    const down = await patchRole(alice.token, alice.userId, 'admin');
    expect(down.status, down.text).toBe(200);
    expectError(await patchRole(member.token, member.userId, 'member'), 400, 'INVALID_REQUEST');
    expect((await patchRole(member.token, alice.userId, 'owner')).status).toBe(200);
    const owners = await gw.gateway.services.prisma.membership.count({
      where: { tenantId, role: 'owner' },
    });
    expect(owners).toBe(2);
  });

  it('keeps an owner when two owners demote each other at once', async () => {
    const carol = await developer();
    const second = await join(carol, 'owner');
    const results = await Promise.all([
      patchRole(carol.token, second.userId, 'member'),
      patchRole(second.token, carol.userId, 'member'),
    ]);
    // The loser is refused as the last owner (400), or as no owner any more (403) when it reads
    // its session after the winner committed.
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    expect(results.filter((r) => r.status === 400 || r.status === 403)).toHaveLength(1);
    const owners = await gw.gateway.services.prisma.membership.count({
      where: { tenantId: carol.tenantId, role: 'owner' },
    });
    expect(owners).toBe(1);
  });

  it('never reaches another tenant', async () => {
    expectError(
      await patchRole(alice.token, bob.userId, 'member'),
      404,
      'RESOURCE_NOT_FOUND',
      /No member/,
    );
    expectError(await remove(alice.token, bob.userId), 404, 'RESOURCE_NOT_FOUND');
    expectError(await patchRole(alice.token, 'user_unknown', 'member'), 404, 'RESOURCE_NOT_FOUND');
    const theirs = await invite(bob.token, randomEmail('b'), 'member');
    const id = theirs.json<Invitation>().id;
    expectError(
      await call('DELETE', `${gw.url}/v1/tenant/invitations/${id}`, bearer(alice.token)),
      404,
      'RESOURCE_NOT_FOUND',
    );
    const mine = await call('GET', `${gw.url}/v1/tenant/invitations`, bearer(alice.token));
    expect(mine.json<{ data: Invitation[] }>().data.map((item) => item.id)).not.toContain(id);
    const listed = await members(alice.token);
    expect(listed.text).not.toContain(bob.email);
  });

  it('refuses revoked, expired and unknown tokens', async () => {
    const revoked = await invite(alice.token, randomEmail('r'), 'member');
    const { id, token } = revoked.json<Invitation>();
    const deleted = await call(
      'DELETE',
      `${gw.url}/v1/tenant/invitations/${id}`,
      bearer(alice.token),
    );
    expect(deleted.status, deleted.text).toBe(200);
    expectError(
      await accept({ token, password: PASSWORD }),
      400,
      'INVALID_REQUEST',
      /has been revoked/,
    );

    const expiring = await invite(alice.token, randomEmail('e'), 'member');
    offsetMs = 7 * DAY_MS + 60_000;
    try {
      expectError(
        await accept({ token: expiring.json<Invitation>().token, password: PASSWORD }),
        400,
        'INVALID_REQUEST',
        /has expired/,
      );
    } finally {
      offsetMs = 0;
    }

    expectError(
      await accept({ token: 'sggiv_unknown', password: PASSWORD }),
      400,
      'INVALID_REQUEST',
      /not valid/,
    );
    // A re-invitation replaces the earlier link.
    const email = randomEmail('twice');
    const first = (await invite(alice.token, email, 'member')).json<Invitation>();
    const second = (await invite(alice.token, email, 'admin')).json<Invitation>();
    expectError(await accept({ token: first.token, password: PASSWORD }), 400, 'INVALID_REQUEST');
    const joined = await accept({ token: second.token, password: PASSWORD });
    expect(joined.status, joined.text).toBe(201);
    expect(joined.json<Joined>().tenant.role).toBe('admin');
  });

  it('lets an existing user join while signed in as the invited email, never as another', async () => {
    const dave = await developer();
    const invitation = (await invite(alice.token, dave.email, 'member')).json<Invitation>();
    const token = invitation.token as string;

    expectError(
      await accept({ token, password: PASSWORD }),
      401,
      'AUTH_REQUIRED',
      /sign in with it/,
    );
    expectError(
      await accept({ token }, bob.token),
      403,
      'INSUFFICIENT_SCOPE',
      /This invitation is for/,
    );
    expectError(
      await accept({ token: 'x' }, 'sggst_revoked_or_unknown'),
      401,
      'INVALID_CREDENTIALS',
    );

    const joined = await accept({ token }, dave.token);
    expect(joined.status, joined.text).toBe(201);
    const body = joined.json<Joined>();
    expect(body.tenant).toMatchObject({ id: alice.tenantId, role: 'member' });
    // The new session acts in the tenant joined; the old one still in the user's own.
    const inA = await members(body.session.token);
    expect(inA.json<{ data: Member[] }>().data.map((m) => m.email)).toContain(alice.email);
    const inOwn = await members(dave.token);
    expect(inOwn.json<{ data: Member[] }>().data.map((m) => m.email)).toEqual([dave.email]);
    expect(await dumpDatabase(gw.gateway.services.db)).not.toContain(token);
  });

  it('password rules of signup apply to a new account', async () => {
    const invited = (await invite(alice.token, randomEmail('p'), 'member')).json<Invitation>();
    expectError(
      await accept({ token: invited.token, password: 'short' }),
      400,
      'INVALID_REQUEST',
      /password/,
    );
    expectError(await accept({ token: invited.token }), 400, 'INVALID_REQUEST', /password/);
    // Refusals spend nothing: the link still works.
    expect((await accept({ token: invited.token, password: PASSWORD })).status).toBe(201);
  });

  it('accepts one invitation exactly once under concurrent accepts', async () => {
    const email = randomEmail('race');
    const invited = (await invite(alice.token, email, 'member')).json<Invitation>();
    const results = await Promise.all(
      Array.from({ length: 6 }, () => accept({ token: invited.token, password: PASSWORD })),
    );
    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
    for (const refused of results.filter((r) => r.status !== 201)) {
      expect([400, 401], refused.text).toContain(refused.status);
    }
    const { prisma } = gw.gateway.services;
    expect(await prisma.user.count({ where: { email } })).toBe(1);
    expect(await prisma.membership.count({ where: { user: { email } } })).toBe(1);

    // And signed in: one membership however many tabs accept at once.
    const erin = await developer();
    const second = (await invite(alice.token, erin.email, 'member')).json<Invitation>();
    const signedIn = await Promise.all(
      Array.from({ length: 6 }, () => accept({ token: second.token }, erin.token)),
    );
    expect(signedIn.filter((r) => r.status === 201)).toHaveLength(1);
    expect(
      await prisma.membership.count({ where: { userId: erin.userId, tenantId: alice.tenantId } }),
    ).toBe(1);
  });

  it('a removed member no longer reaches the tenant', async () => {
    const frank = await developer(); // has a tenant of his own too
    const invited = (await invite(alice.token, frank.email, 'admin')).json<Invitation>();
    const joined = (await accept({ token: invited.token }, frank.token)).json<Joined>();
    const inA = joined.session.token;
    expect((await members(inA)).status).toBe(200);

    const removed = await remove(alice.token, frank.userId);
    expect(removed.status, removed.text).toBe(200);
    expect(removed.json<Member & { sessions_revoked: number }>()).toMatchObject({
      user_id: frank.userId,
      role: 'admin',
      sessions_revoked: 1,
    });
    expectError(await members(inA), 401, 'INVALID_CREDENTIALS');
    expectError(await invite(inA, randomEmail('x'), 'member'), 401, 'INVALID_CREDENTIALS');
    const listed = await members(alice.token);
    expect(listed.text).not.toContain(frank.email);
    // His session in his own tenant is untouched, and does not reach tenant A.
    const own = await members(frank.token);
    expect(own.status).toBe(200);
    expect(own.text).not.toContain(alice.email);
    expectError(await remove(alice.token, frank.userId), 404, 'RESOURCE_NOT_FOUND');
  });

  // ---- the hosted pages ------------------------------------------------------------------------

  const csrfOf = (page: CallResult): string => {
    const match = /name="csrf" value="([^"]+)"/.exec(page.text);
    expect(match, 'the page carries a CSRF field').not.toBeNull();
    return (match as RegExpExecArray)[1] as string;
  };

  /** Signs a browser in through the login form (signUpDeveloper's password). */
  const browserFor = async (email: string): Promise<CookieJar> => {
    const jar = new CookieJar();
    const page = await call('GET', `${gw.url}/app/login`, { jar });
    const login = await call('POST', `${gw.url}/app/login`, {
      jar,
      form: { email, password: 'correct horse battery', csrf: csrfOf(page) },
    });
    expect(login.status, login.text).toBe(303);
    expect(jar.get('sgg_session')).toBeDefined();
    return jar;
  };

  it('the team page invites, lets a new user sign up through the link, changes roles and removes', async () => {
    const gina = await developer();
    const owner = await browserFor(gina.email);
    const team = await call('GET', `${gw.url}/app/team`, { jar: owner });
    expect(team.status, team.text).toBe(200);
    expect(team.text).toContain('<h1>Team</h1>');
    expect(team.text).toContain(gina.email);
    expect(team.text).toContain('action="/app/team/invitations"');
    const dashboard = await call('GET', `${gw.url}/app/dashboard`, { jar: owner });
    expect(dashboard.text).toContain('href="/app/team"');
    expect((await call('GET', `${gw.url}/app/team`)).location).toBe('/app/login');

    const email = randomEmail('web');
    const forged = await call('POST', `${gw.url}/app/team/invitations`, {
      jar: owner,
      form: { email, role: 'admin' },
    });
    expect(forged.status).toBe(400);
    expect(forged.text).toContain('did not come from this site');
    const { prisma } = gw.gateway.services;
    expect(await prisma.invitation.count({ where: { email } })).toBe(0);

    const invited = await call('POST', `${gw.url}/app/team/invitations`, {
      jar: owner,
      form: { email, role: 'admin', csrf: csrfOf(team) },
    });
    expect(invited.status, invited.text).toBe(201);
    const link = /id="accept-url">([^<]+)</.exec(invited.text)?.[1] as string;
    expect(link).toMatch(new RegExp(`^${gw.url}/app/invitations/accept\\?token=sggiv_`));
    const token = new URL(link).searchParams.get('token') as string;
    const again = await call('GET', `${gw.url}/app/team`, { jar: owner });
    expect(again.text).toContain(email);
    expect(again.text).not.toContain(token);

    // A new browser: the accept page offers the signup form, bound to its own cookie.
    const newcomer = new CookieJar();
    const page = await call('GET', link, { jar: newcomer });
    expect(page.status, page.text).toBe(200);
    expect(page.text).toContain('Create account and join');
    expect(page.text).toContain(email);
    const crossSite = await call('POST', `${gw.url}/app/invitations/accept`, {
      form: { token, name: 'X', password: PASSWORD },
    });
    expect(crossSite.status).toBe(400);
    const joined = await call('POST', `${gw.url}/app/invitations/accept`, {
      jar: newcomer,
      form: { token, name: '<script>alert(1)</script>', password: PASSWORD, csrf: csrfOf(page) },
    });
    expect(joined.status, joined.text).toBe(303);
    expect(joined.location).toBe('/app/team?notice=joined');
    const theirs = await call('GET', `${gw.url}${joined.location as string}`, { jar: newcomer });
    expect(theirs.status, theirs.text).toBe(200);
    expect(theirs.text).toContain('you joined this tenant');
    expect(theirs.text).toContain(`(admin)`);
    expect(theirs.text).not.toContain('/role"'); // no role forms for an admin
    expect(theirs.text).not.toMatch(/<option value="(owner|admin)"/); // invites members only
    const used = await call('GET', link, { jar: newcomer });
    expect(used.status).toBe(400);
    expect(used.text).toContain('already been used');

    const listing = await call('GET', `${gw.url}/app/team`, { jar: owner });
    expect(listing.text).not.toContain('<script>alert(1)');
    expect(listing.text).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    const userId = (await prisma.user.findUniqueOrThrow({ where: { email } })).id;
    const csrf = csrfOf(listing);
    const demoted = await call('POST', `${gw.url}/app/team/members/${userId}/role`, {
      jar: owner,
      form: { role: 'member', csrf },
    });
    expect(demoted.status, demoted.text).toBe(303);
    const lastOwner = await call('POST', `${gw.url}/app/team/members/${gina.userId}/role`, {
      jar: owner,
      form: { role: 'member', csrf },
    });
    expect(lastOwner.status).toBe(400);
    expect(lastOwner.text).toContain('at least one owner');
    const removed = await call('POST', `${gw.url}/app/team/members/${userId}/remove`, {
      jar: owner,
      form: { csrf },
    });
    expect(removed.status, removed.text).toBe(303);
    expect((await call('GET', `${gw.url}/app/team`, { jar: newcomer })).location).toBe(
      '/app/login',
    );
  });

  it('the accept page lets a signed-in invitee join, and tells another user to switch', async () => {
    const hank = await developer();
    const invited = (await invite(alice.token, hank.email, 'member')).json<Invitation>();
    const link = invited.accept_url as string;

    const other = await browserFor(bob.email);
    const wrong = await call('GET', link, { jar: other });
    expect(wrong.status).toBe(200);
    expect(wrong.text).toContain('Sign out, sign in as');
    expect(wrong.text).not.toContain('action="/app/invitations/accept"');

    const cut = await call('GET', `${gw.url}/app/invitations/accept`);
    expect(cut.status).toBe(400);
    expect(cut.text).toContain('This invitation link is not valid');
    const signedOut = await call('GET', link, { jar: new CookieJar() });
    expect(signedOut.text).toContain('An account with this email exists');

    const browser = await browserFor(hank.email);
    const page = await call('GET', link, { jar: browser });
    expect(page.text).toContain(`Join as ${hank.email}`);
    const before = browser.get('sgg_session');
    const joined = await call('POST', `${gw.url}/app/invitations/accept`, {
      jar: browser,
      form: { token: invited.token as string, csrf: csrfOf(page) },
    });
    expect(joined.status, joined.text).toBe(303);
    expect(browser.get('sgg_session')).not.toBe(before);
    const team = await call('GET', `${gw.url}/app/team`, { jar: browser });
    expect(team.text).toContain(alice.email);
    expect(await prisma().membership.count({ where: { userId: hank.userId } })).toBe(2);
  });
});
