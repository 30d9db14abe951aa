import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDeveloperApp, signUpDeveloper } from '../test-support/flows.js';
import { startTestGateway, type TestGateway } from '../test-support/gateway.js';
import { call } from '../test-support/http.js';
import { createOAuthClient, MAX_APPS_PER_TENANT } from './service.js';

// The dashboard and the subscriptions page load every app of a tenant at once: a tenant has at
// most MAX_APPS_PER_TENANT live apps (GitHub allows 100 GitHub Apps per account).
describe('apps per tenant', () => {
  let gw: TestGateway;

  beforeAll(async () => {
    gw = await startTestGateway();
  });
  afterAll(async () => {
    await gw.close();
  });

  it('refuses the 101st live app with the canonical body, and takes one again once an app is deleted', async () => {
    const developer = await signUpDeveloper(gw);
    const other = await signUpDeveloper(gw);
    const me = await gw.gateway.services.prisma.membership.findFirstOrThrow({
      where: { tenantId: developer.tenantId },
    });
    for (let index = 1; index < MAX_APPS_PER_TENANT; index++)
      await createOAuthClient(gw.gateway.services, {
        tenantId: developer.tenantId,
        ownerUserId: me.userId,
        name: `App ${String(index)}`,
        description: '',
        allowedRedirectUris: ['https://acme.example.com/cb'],
        defaultPermissions: ['read:repositories'],
      });
    const last = await createDeveloperApp(gw, developer.token, ['read:repositories']);

    const create = () =>
      call('POST', `${gw.url}/v1/developer/apps`, {
        headers: { authorization: `Bearer ${developer.token}` },
        json: {
          name: 'One too many',
          allowedRedirectUris: ['https://acme.example.com/cb'],
          defaultPermissions: ['read:repositories'],
        },
      });
    const refused = await create();
    expect(refused.status, refused.text).toBe(400);
    expect(refused.json<{ error: { code: string; message: string } }>().error).toMatchObject({
      code: 'INVALID_REQUEST',
      message: expect.stringMatching(/at most 100 apps/) as unknown,
    });
    expect(
      await gw.gateway.services.prisma.oAuthClient.count({
        where: { tenantId: developer.tenantId },
      }),
    ).toBe(MAX_APPS_PER_TENANT);
    // Another tenant's apps do not count.
    await createDeveloperApp(gw, other.token, ['read:repositories']);

    const deleted = await call('DELETE', `${gw.url}/v1/developer/apps/${last.clientId}`, {
      headers: { authorization: `Bearer ${developer.token}` },
    });
    expect(deleted.status, deleted.text).toBeLessThan(300);
    expect((await create()).status).toBe(201);
  });

  it('holds the limit when creates race: the count and the insert are one step per tenant', async () => {
    const developer = await signUpDeveloper(gw);
    const me = await gw.gateway.services.prisma.membership.findFirstOrThrow({
      where: { tenantId: developer.tenantId },
    });
    const create = (name: string) =>
      createOAuthClient(gw.gateway.services, {
        tenantId: developer.tenantId,
        ownerUserId: me.userId,
        name,
        description: '',
        allowedRedirectUris: ['https://acme.example.com/cb'],
        defaultPermissions: ['read:repositories'],
      });
    for (let index = 0; index < MAX_APPS_PER_TENANT - 3; index++)
      await create(`App ${String(index)}`);
    const raced = await Promise.allSettled(
      Array.from({ length: 8 }, (_, index) => create(`Racer ${String(index)}`)),
    );
    expect(raced.filter((result) => result.status === 'fulfilled')).toHaveLength(3);
    for (const result of raced)
      if (result.status === 'rejected')
        expect(result.reason).toMatchObject({ code: 'INVALID_REQUEST' });
    expect(
      await gw.gateway.services.prisma.oAuthClient.count({
        where: { tenantId: developer.tenantId, deletedAt: null },
      }),
    ).toBe(MAX_APPS_PER_TENANT);
  });
});
