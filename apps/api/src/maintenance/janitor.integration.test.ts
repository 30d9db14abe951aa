import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashSecret, newId, newSecret } from '../crypto/tokens.js';
import { writeList } from '../json-list.js';
import { seedConnection, seedGrant, seedToken } from '../test-support/seed.js';
import { signUpDeveloper, createDeveloperApp, bearer } from '../test-support/flows.js';
import { startTestGateway, type TestGateway } from '../test-support/gateway.js';
import { call } from '../test-support/http.js';
import { createJanitor } from './janitor.js';
import { silentLogger } from '@scm/core';

const HOUR = 3600_000;

// Security review #12, finding 12 (part): unauthenticated requests write no usage rows, and
// expired rows are deleted on a schedule.
describe('usage of requests that never authenticated', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway();
  });
  afterAll(async () => {
    await gw.close();
  });

  it('records nothing for a missing, unknown or expired token, and the tenant of a real one', async () => {
    const { prisma, usage } = gw.gateway.services;
    const developer = await signUpDeveloper(gw);
    const app = await createDeveloperApp(gw, developer.token, ['read:repositories']);
    const connection = await seedConnection(gw.gateway.services, { tenantId: developer.tenantId });
    const grant = await seedGrant(gw.gateway.services, {
      tenantId: developer.tenantId,
      clientId: app.clientId,
      connectionIds: [connection.id],
    });
    const expired = await seedToken(gw.gateway.services, {
      tenantId: developer.tenantId,
      clientId: app.clientId,
      authorizationId: grant.id,
      expiresInSeconds: -60,
    });
    const live = await seedToken(gw.gateway.services, {
      tenantId: developer.tenantId,
      clientId: app.clientId,
      authorizationId: grant.id,
      permissions: ['read:repositories'],
    });

    const refused = [
      await call('GET', `${gw.url}/v1/repositories`),
      await call(
        'GET',
        `${gw.url}/v1/repositories/github/1/branches`,
        bearer('sggat_not-a-real-token'),
      ),
      await call('GET', `${gw.url}/v1/me`, bearer(expired.token)),
    ];
    expect(refused.map((response) => response.status)).toEqual([401, 401, 401]);
    // Authenticated, but without the scope: that is the token's usage.
    const forbidden = await call(
      'GET',
      `${gw.url}/v1/repositories/github/1/branches`,
      bearer(live.token),
    );
    expect(forbidden.status).toBe(403);
    await usage.flush();
    const rows = await prisma.usageLog.findMany();
    expect(rows.filter((row) => row.tenantId === null)).toEqual([]);
    expect(
      rows.map((row) => ({
        tenantId: row.tenantId,
        tokenId: row.tokenId,
        errorCode: row.errorCode,
      })),
    ).toEqual([
      { tenantId: developer.tenantId, tokenId: live.id, errorCode: 'INSUFFICIENT_SCOPE' },
    ]);
  });
});

describe('janitor', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway();
  });
  afterAll(async () => {
    await gw.close();
  });

  it('is a service of the gateway, started with it and stopped by close()', () => {
    expect(typeof gw.gateway.services.janitor.sweep).toBe('function');
  });

  it('one sweep deletes expired states, old codes, ended sessions, expired tokens and ended rate-limit windows, and keeps the rest', async () => {
    const services = gw.gateway.services;
    const { prisma } = services;
    const now = services.now();
    const at = (offsetMs: number) => new Date(now + offsetMs);
    const developer = await signUpDeveloper(gw);
    const app = await createDeveloperApp(gw, developer.token, ['read:repositories']);
    const connection = await seedConnection(services, { tenantId: developer.tenantId });
    const grant = await seedGrant(services, {
      tenantId: developer.tenantId,
      clientId: app.clientId,
      connectionIds: [connection.id],
    });
    const host = services.hosts.defaultFor('github');

    const state = (id: string, expiresAt: Date, usedAt: Date | null = null) =>
      prisma.oAuthState.create({
        data: {
          id,
          stateHash: hashSecret(newSecret('sgst')),
          provider: 'github',
          providerHostId: host.id,
          payload: '{}',
          expiresAt,
          usedAt,
        },
      });
    await state('ost_expired', at(-60_000));
    await state('ost_used_expired', at(-1_000), at(-30_000));
    await state('ost_live', at(600_000));

    const code = (id: string, expiresAt: Date) =>
      prisma.authorizationCode.create({
        data: {
          id,
          codeHash: hashSecret(newSecret('sggac')),
          authorizationId: grant.id,
          clientId: app.clientId,
          redirectUri: 'https://acme.example.com/oauth/callback',
          permissions: writeList(['read:repositories']),
          expiresAt,
        },
      });
    await code('code_long_expired', at(-2 * HOUR));
    // Expired a minute ago: kept a while, so a replay still revokes what it issued.
    await code('code_just_expired', at(-60_000));
    await code('code_live', at(60_000));

    const user = await prisma.user.findFirstOrThrow({
      where: { memberships: { some: { tenantId: developer.tenantId } } },
    });
    const session = (id: string, expiresAt: Date, revokedAt: Date | null = null) =>
      prisma.session.create({
        data: {
          id,
          tokenHash: hashSecret(newSecret('sggst')),
          userId: user.id,
          tenantId: developer.tenantId,
          expiresAt,
          revokedAt,
        },
      });
    await session('ses_expired', at(-1_000));
    await session('ses_revoked', at(HOUR), at(-1_000));
    await session('ses_live', at(HOUR));

    const token = (id: string, expiresAt: Date) =>
      prisma.accessToken.create({
        data: {
          id,
          tokenHash: hashSecret(newSecret('sggat')),
          tenantId: developer.tenantId,
          clientId: app.clientId,
          authorizationId: grant.id,
          issuedBy: 'authorization_code',
          permissions: writeList(['read:repositories']),
          expiresAt,
        },
      });
    await token('atk_expired', at(-1_000));
    await token('atk_live', at(HOUR));

    const refresh = (id: string, expiresAt: Date, usedAt: Date | null = null) =>
      prisma.refreshToken.create({
        data: {
          id,
          tokenHash: hashSecret(newSecret('sggrt')),
          familyId: 'fam_janitor',
          tenantId: developer.tenantId,
          clientId: app.clientId,
          authorizationId: grant.id,
          permissions: writeList(['read:repositories']),
          expiresAt,
          usedAt,
        },
      });
    await refresh('rtk_expired', at(-1_000));
    // Spent but not expired: kept, so replaying it still revokes its family.
    await refresh('rtk_used_live', at(HOUR), at(-1_000));

    await prisma.rateLimitHit.createMany({
      data: [
        { key: 'test:ended', hits: 3, resetAt: at(-1_000) },
        { key: 'test:running', hits: 1, resetAt: at(60_000) },
      ],
    });

    const result = await services.janitor.sweep();
    expect(result).toMatchObject({
      oauthStates: 2,
      authorizationCodes: 1,
      sessions: 2,
      accessTokens: 1,
      refreshTokens: 1,
      rateLimitHits: 1,
    });

    const ids = async <T extends { id: string }>(rows: Promise<T[]>) =>
      (await rows).map((row) => row.id).sort();
    expect(await ids(prisma.oAuthState.findMany())).toEqual(['ost_live']);
    expect(await ids(prisma.authorizationCode.findMany())).toEqual([
      'code_just_expired',
      'code_live',
    ]);
    const sessions = await ids(prisma.session.findMany({ where: { userId: user.id } }));
    expect(sessions).toContain('ses_live');
    expect(sessions).not.toContain('ses_expired');
    expect(sessions).not.toContain('ses_revoked');
    // The developer's own sign-up session is live and stays.
    expect(sessions).toHaveLength(2);
    expect(await ids(prisma.accessToken.findMany())).toEqual(['atk_live']);
    expect(await ids(prisma.refreshToken.findMany({ where: { familyId: 'fam_janitor' } }))).toEqual(
      ['rtk_used_live'],
    );
    expect(
      (await prisma.rateLimitHit.findMany({ where: { key: { startsWith: 'test:' } } })).map(
        (row) => row.key,
      ),
    ).toEqual(['test:running']);
    // The signed-in developer still works: nothing live was touched.
    expect((await call('GET', `${gw.url}/v1/developer/apps`, bearer(developer.token))).status).toBe(
      200,
    );

    // A second sweep finds nothing left to do.
    expect(await services.janitor.sweep()).toMatchObject({
      oauthStates: 0,
      authorizationCodes: 0,
      sessions: 0,
      accessTokens: 0,
      refreshTokens: 0,
      rateLimitHits: 0,
    });
  });

  it('deletes at most batchSize × maxBatches rows per table and sweep', async () => {
    const services = gw.gateway.services;
    const { prisma } = services;
    const host = services.hosts.defaultFor('github');
    const expiredAt = new Date(services.now() - 60_000);
    await prisma.oAuthState.createMany({
      data: Array.from({ length: 7 }, () => ({
        id: newId('ost'),
        stateHash: hashSecret(newSecret('sgst')),
        provider: 'github',
        providerHostId: host.id,
        payload: '{}',
        expiresAt: expiredAt,
      })),
    });
    const janitor = createJanitor(prisma, silentLogger, services.now, {
      batchSize: 2,
      maxBatches: 2,
    });
    expect((await janitor.sweep()).oauthStates).toBe(4);
    const expired = { where: { expiresAt: { lt: new Date(services.now()) } } };
    expect(await prisma.oAuthState.count(expired)).toBe(3);
    expect((await janitor.sweep()).oauthStates).toBe(3);
    expect(await prisma.oAuthState.count(expired)).toBe(0);
    await janitor.stop();
  });
});
