import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../../test-support/gateway.js';
import { call } from '../../test-support/http.js';
import { createDeveloperApp, signUpDeveloper } from '../../test-support/flows.js';

interface Page {
  data: { id: string }[];
  page_info: { limit: number; has_next_page: boolean; next_cursor: string | null };
}

// The gateway's own lists (admin, developer apps, connections) page with signed keyset cursors.
describe('keyset pagination of the gateway-owned lists', () => {
  let gw: TestGateway;
  const admin = () => ({ 'x-admin-api-key': gw.adminApiKey });

  beforeAll(async () => {
    gw = await startTestGateway();
  });
  afterAll(async () => {
    await gw.close();
  });

  async function walk(
    path: string,
    headers: Record<string, string>,
    limit: number,
  ): Promise<string[]> {
    const ids: string[] = [];
    let cursor: string | null = null;
    for (let pages = 0; pages < 50; pages++) {
      const response = await call(
        'GET',
        `${gw.url}${path}${path.includes('?') ? '&' : '?'}limit=${limit}${cursor === null ? '' : `&cursor=${encodeURIComponent(cursor)}`}`,
        { headers },
      );
      expect(response.status, response.text).toBe(200);
      const body = response.json<Page>();
      expect(body.data.length).toBeLessThanOrEqual(limit);
      expect(body.page_info.has_next_page).toBe(body.page_info.next_cursor !== null);
      ids.push(...body.data.map((row) => row.id));
      cursor = body.page_info.next_cursor;
      if (cursor === null) return ids;
    }
    throw new Error('did not end');
  }

  it('walks every tenant exactly once, newest first, and refuses a cursor of another scope', async () => {
    const created: string[] = [];
    for (let index = 0; index < 7; index++) {
      const response = await call('POST', `${gw.url}/v1/platform/tenants`, {
        headers: admin(),
        json: { name: `Paged ${index}` },
      });
      expect(response.status).toBe(201);
      created.push(response.json<{ id: string }>().id);
    }
    const all = await walk('/v1/platform/tenants', admin(), 3);
    expect(new Set(all).size).toBe(all.length);
    expect(all.length).toBe(await gw.gateway.services.prisma.tenant.count());
    expect(all.filter((id) => created.includes(id)).sort()).toEqual([...created].sort());
    // Newest first: the walk's order is the table's (createdAt desc, id asc).
    const ordered = await gw.gateway.services.prisma.tenant.findMany({
      orderBy: [{ createdAt: 'desc' }, { id: 'asc' }],
      select: { id: true },
    });
    expect(all).toEqual(ordered.map((row) => row.id));

    const first = (
      await call('GET', `${gw.url}/v1/platform/tenants?limit=3`, { headers: admin() })
    ).json<Page>();
    const foreign = await call(
      'GET',
      `${gw.url}/v1/platform/tenants?limit=4&cursor=${encodeURIComponent(first.page_info.next_cursor ?? '')}`,
      { headers: admin() },
    );
    expect(foreign.json<{ error: { code: string } }>().error.code).toBe('INVALID_CURSOR');
    const elsewhere = await call(
      'GET',
      `${gw.url}/v1/platform/tokens?limit=3&cursor=${encodeURIComponent(first.page_info.next_cursor ?? '')}`,
      { headers: admin() },
    );
    expect(elsewhere.json<{ error: { code: string } }>().error.code).toBe('INVALID_CURSOR');
  });

  it("walks a developer's apps, and another tenant cannot reuse the cursor", async () => {
    const developer = await signUpDeveloper(gw);
    const apps: string[] = [];
    for (let index = 0; index < 4; index++)
      apps.push((await createDeveloperApp(gw, developer.token, ['read:repositories'])).clientId);
    const session = { authorization: `Bearer ${developer.token}` };
    const walked = await walk('/v1/developer/apps', session, 3);
    expect(walked).toHaveLength(4);
    expect([...walked].sort()).toEqual([...apps].sort());
    const first = (
      await call('GET', `${gw.url}/v1/developer/apps?limit=3`, { headers: session })
    ).json<Page>();
    const other = await signUpDeveloper(gw);
    const stolen = await call(
      'GET',
      `${gw.url}/v1/developer/apps?limit=3&cursor=${encodeURIComponent(first.page_info.next_cursor ?? '')}`,
      { headers: { authorization: `Bearer ${other.token}` } },
    );
    expect(stolen.json<{ error: { code: string } }>().error.code).toBe('INVALID_CURSOR');
  });
});
