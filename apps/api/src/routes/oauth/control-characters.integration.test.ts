// A NUL in a client id reached the database before anything refused it: the token throttle wrote
// it into its key (and HTTP Basic's was looked up as given), and PostgreSQL answers a NUL in text
// with an error — a 500 on the routes that check a client secret, before any sign-in (audit,
// 2026-12-07). scripts/test.mjs runs this on SQLite and on PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../../test-support/gateway.js';
import { call } from '../../test-support/http.js';

const ROUTES = ['/oauth/token', '/oauth/introspect', '/oauth/revoke', '/v1/platform/tokens'];
const NUL_ID = 'app\u0000id';

describe('the client-secret routes refuse a control character in the client id', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway();
  });
  afterAll(async () => {
    await gw.close();
  });

  it.each(ROUTES)('%s: in a form body, in JSON, in HTTP Basic', async (path) => {
    const url = `${gw.url}${path}`;
    const form = await call('POST', url, {
      form: { grant_type: 'client_credentials', client_id: NUL_ID, client_secret: 's', token: 't' },
    });
    expect(form.status, form.text).toBe(400);
    const json = await call('POST', url, {
      json: { grant_type: 'client_credentials', clientId: NUL_ID, clientSecret: 's', token: 't' },
    });
    expect(json.status, json.text).toBe(400);
    const basic = await call('POST', url, {
      headers: {
        authorization: `Basic ${Buffer.from(`${encodeURIComponent(NUL_ID)}:s`).toString('base64')}`,
      },
      form: { grant_type: 'client_credentials', token: 't' },
    });
    expect([400, 401], basic.text).toContain(basic.status);
    // Nothing of it was stored: the throttle's keys hold no control character.
    const keys = await gw.gateway.services.prisma.rateLimitHit.findMany({ select: { key: true } });
    expect(keys.filter((row) => row.key.includes('\u0000'))).toEqual([]);
  });
});
