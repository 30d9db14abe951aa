// A tenant's host name is looked up through DNS on the event loop (c-ares, with a timeout), never
// through the system's getaddrinfo, which holds one of libuv's four pool threads for as long as the
// name's DNS takes to answer. Allow-listed names keep the system lookup (/etc/hosts). The resolver
// is replaced by a table here, so the suite sends no DNS query.
import type * as dnsModule from 'node:dns';
import { lookup as systemLookup } from 'node:dns';
import type * as dnsPromises from 'node:dns/promises';
import { describe, expect, it, vi } from 'vitest';
import { assertPublicHost, guardedLookup, publicLookup } from './host-url.js';

const dns = vi.hoisted(() => ({
  /** name → [A records, AAAA records] */
  zone: new Map<string, [string[], string[]]>([
    ['gitlab.example.com', [['203.0.114.10'], ['2001:4860::1']]],
    ['rebind.example.com', [['203.0.114.11'], ['::1']]],
  ]),
  queries: [] as string[],
  options: [] as unknown[],
}));

vi.mock('node:dns', async (importOriginal) => {
  const actual = await importOriginal<typeof dnsModule>();
  return { ...actual, lookup: vi.fn(actual.lookup) };
});

vi.mock('node:dns/promises', async (importOriginal) => {
  const actual = await importOriginal<typeof dnsPromises>();
  const answer = (name: string, type: 'A' | 'AAAA'): Promise<string[]> => {
    dns.queries.push(`${type} ${name}`);
    // Down for both questions; for AAAA only (A: no such record); or no such name, AAAA timing out.
    const failed = (code: string) =>
      Promise.reject(Object.assign(new Error(`query ${code} ${name}`), { code }));
    if (name === 'dns-down.example.com') return failed('ETIMEOUT');
    if (name === 'half-down.example.com') return failed(type === 'A' ? 'ENODATA' : 'ESERVFAIL');
    if (name === 'gone.example.com') return failed(type === 'A' ? 'ENOTFOUND' : 'ETIMEOUT');
    const records = dns.zone.get(name)?.[type === 'A' ? 0 : 1] ?? [];
    return records.length > 0
      ? Promise.resolve(records)
      : Promise.reject(Object.assign(new Error(`queryA ENOTFOUND ${name}`), { code: 'ENOTFOUND' }));
  };
  class Resolver {
    constructor(options: unknown) {
      dns.options.push(options);
    }
    resolve4(name: string) {
      return answer(name, 'A');
    }
    resolve6(name: string) {
      return answer(name, 'AAAA');
    }
  }
  return { ...actual, Resolver };
});

const closed = { allowPrivateHosts: [] };

const connect = (
  policy: { allowPrivateHosts: string[] },
  hostname: string,
  family?: 4 | 6,
): Promise<unknown> =>
  new Promise((resolve) => {
    guardedLookup(policy)(hostname, family === undefined ? {} : { family }, (error, address) => {
      resolve(error ?? address);
    });
  });

describe('looking up a tenant’s host name', () => {
  it('asks DNS for A and AAAA with a timeout, not the system lookup', async () => {
    vi.mocked(systemLookup).mockClear();
    dns.queries.length = 0;
    expect(dns.options).toEqual([{ timeout: 1_500, tries: 2 }]);
    const addresses = await new Promise<unknown>((resolve) => {
      publicLookup('gitlab.example.com', { all: true }, (error, found) => {
        resolve(error ?? found);
      });
    });
    expect(addresses).toEqual([
      { address: '203.0.114.10', family: 4 },
      { address: '2001:4860::1', family: 6 },
    ]);
    expect(dns.queries.sort()).toEqual(['A gitlab.example.com', 'AAAA gitlab.example.com']);
    await assertPublicHost(new URL('https://gitlab.example.com'), closed);
    expect(await connect(closed, 'gitlab.example.com')).toBe('203.0.114.10');
    expect(await connect(closed, 'gitlab.example.com', 6)).toBe('2001:4860::1');
    expect(systemLookup).not.toHaveBeenCalled();
  });

  it('refuses a name with no address, or with any private one, at registration and at connection', async () => {
    for (const name of ['gitlab.nowhere.invalid', 'rebind.example.com', 'localhost']) {
      await expect(assertPublicHost(new URL(`https://${name}`), closed)).rejects.toMatchObject({
        code: 'INVALID_REQUEST',
      });
      expect(await connect(closed, name)).toBeInstanceOf(Error);
    }
    expect(systemLookup).not.toHaveBeenCalled();
  });

  it('tells a DNS that did not answer (retry later) from a name that does not resolve (fix it)', async () => {
    await expect(
      assertPublicHost(new URL('https://dns-down.example.com'), closed),
    ).rejects.toMatchObject({
      code: 'UPSTREAM_UNAVAILABLE',
      message: expect.stringMatching(/try again/) as unknown,
    });
    // The AAAA question failed while A has no record: still an outage, whichever came first.
    await expect(
      assertPublicHost(new URL('https://half-down.example.com'), closed),
    ).rejects.toMatchObject({ code: 'UPSTREAM_UNAVAILABLE' });
    // A name that does not exist is the caller's to fix, whatever else timed out.
    for (const name of ['gitlab.nowhere.invalid', 'gone.example.com'])
      await expect(assertPublicHost(new URL(`https://${name}`), closed)).rejects.toMatchObject({
        code: 'INVALID_REQUEST',
      });
    expect(await connect(closed, 'dns-down.example.com')).toMatchObject({ code: 'ETIMEOUT' });
    expect(await connect(closed, 'half-down.example.com')).toMatchObject({ code: 'ESERVFAIL' });
  });

  it('answers an address literal without a query', async () => {
    dns.queries.length = 0;
    const found = await new Promise<unknown>((resolve) => {
      publicLookup('203.0.114.12', { all: true }, (error, addresses) => {
        resolve(error ?? addresses);
      });
    });
    expect(found).toEqual([{ address: '203.0.114.12', family: 4 }]);
    expect(dns.queries).toEqual([]);
  });

  it('uses the system lookup for an allow-listed name (/etc/hosts included)', async () => {
    vi.mocked(systemLookup).mockClear();
    dns.queries.length = 0;
    expect(typeof (await connect({ allowPrivateHosts: ['localhost'] }, 'localhost'))).toBe(
      'string',
    );
    expect(systemLookup).toHaveBeenCalledTimes(1);
    expect(dns.queries).toEqual([]);
  });
});
