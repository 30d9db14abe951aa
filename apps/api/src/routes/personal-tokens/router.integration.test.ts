// Personal API tokens (Scalingo's `/v1/tokens`; seed 004: "Bearer user session or a personal API
// token"): created from a session and shown once, accepted where a user session is, never able to
// manage tokens, ended by revocation or by leaving the workspace, stored as a hash.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dumpDatabase } from '../../test-support/dump.js';
import { bearer, joinTenant, signUpDeveloper } from '../../test-support/flows.js';
import { startTestGateway, type TestGateway } from '../../test-support/gateway.js';
import { call } from '../../test-support/http.js';

interface TokenView {
  id: string;
  name: string;
  created_at: string;
  last_used_at: string | null;
  token?: string;
}

const errorCode = (response: { json: () => unknown }) =>
  (response.json() as { error: { code: string; message: string } }).error;

describe('personal API tokens', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway();
  });
  afterAll(async () => {
    await gw.close();
  });

  const create = (credential: string, body: unknown) =>
    call('POST', `${gw.url}/v1/tokens`, { ...bearer(credential), json: body });

  it('is created from a session, shown once, and works where a session does', async () => {
    const owner = await signUpDeveloper(gw);
    const created = await create(owner.token, { token: { name: 'deploy script' } });
    expect(created.status, created.text).toBe(201);
    const view = created.json<{ token: TokenView }>().token;
    expect(view).toMatchObject({ name: 'deploy script', last_used_at: null });
    expect(view.token).toMatch(/^sggpt_/);
    const pat = view.token as string;

    const integrations = await call('GET', `${gw.url}/v1/scm_integrations`, bearer(pat));
    expect(integrations.status, integrations.text).toBe(200);
    expect(integrations.json()).toEqual({ scm_integrations: [] });
    const keys = await call('GET', `${gw.url}/v1/ssh_keys`, bearer(pat));
    expect(keys.status, keys.text).toBe(200);

    const listed = await call('GET', `${gw.url}/v1/tokens`, bearer(owner.token));
    expect(listed.status).toBe(200);
    const tokens = listed.json<{ tokens: TokenView[] }>().tokens;
    expect(tokens).toHaveLength(1);
    expect(tokens[0]).toMatchObject({ id: view.id, name: 'deploy script' });
    expect(tokens[0]?.last_used_at).not.toBeNull();
    expect(listed.text).not.toContain(pat);
    // Only its hash is stored.
    expect(await dumpDatabase(gw.gateway.services.db)).not.toContain(pat);
  });

  it('cannot list, create or revoke tokens itself', async () => {
    const owner = await signUpDeveloper(gw);
    const pat = (await create(owner.token, { name: 'ci' })).json<{ token: TokenView }>().token
      .token as string;
    for (const response of [
      await call('GET', `${gw.url}/v1/tokens`, bearer(pat)),
      await create(pat, { name: 'another' }),
      await call('DELETE', `${gw.url}/v1/tokens/anything`, bearer(pat)),
    ]) {
      expect(response.status).toBe(403);
      expect(errorCode(response).code).toBe('INSUFFICIENT_SCOPE');
    }
  });

  it('ends when revoked, and only its owner can revoke it', async () => {
    const owner = await signUpDeveloper(gw);
    const other = await signUpDeveloper(gw);
    const view = (await create(owner.token, { name: 'laptop' })).json<{ token: TokenView }>().token;
    const stranger = await call('DELETE', `${gw.url}/v1/tokens/${view.id}`, bearer(other.token));
    expect(stranger.status).toBe(404);
    const revoked = await call('DELETE', `${gw.url}/v1/tokens/${view.id}`, bearer(owner.token));
    expect(revoked.status).toBe(204);
    const refused = await call('GET', `${gw.url}/v1/scm_integrations`, bearer(view.token ?? ''));
    expect(refused.status).toBe(401);
    expect(errorCode(refused).code).toBe('INVALID_CREDENTIALS');
    const again = await call('DELETE', `${gw.url}/v1/tokens/${view.id}`, bearer(owner.token));
    expect(again.status).toBe(404);
  });

  it('ends when its user leaves the workspace', async () => {
    const owner = await signUpDeveloper(gw);
    const member = await joinTenant(gw, owner.token, 'member');
    const pat = (await create(member.token, { name: 'member script' })).json<{ token: TokenView }>()
      .token.token as string;
    expect((await call('GET', `${gw.url}/v1/scm_integrations`, bearer(pat))).status).toBe(200);
    const removed = await call(
      'DELETE',
      `${gw.url}/v1/tenant/members/${member.userId}`,
      bearer(owner.token),
    );
    expect(removed.status, removed.text).toBe(200);
    const refused = await call('GET', `${gw.url}/v1/scm_integrations`, bearer(pat));
    expect(refused.status).toBe(401);
  });

  it('names what is wrong with a create request', async () => {
    const owner = await signUpDeveloper(gw);
    const noName = await create(owner.token, { token: {} });
    expect(noName.status).toBe(400);
    expect(errorCode(noName).message).toContain('name');
    const extra = await create(owner.token, { name: 'x', scopes: ['all'] });
    expect(extra.status).toBe(400);
    const anonymous = await call('POST', `${gw.url}/v1/tokens`, { json: { name: 'x' } });
    expect(anonymous.status).toBe(401);
    expect(errorCode(anonymous).code).toBe('AUTH_REQUIRED');
  });
});
