// A tenant's host name is looked up through DNS on the event loop (c-ares, with a timeout), never
// through the system's getaddrinfo, which holds one of libuv's four pool threads for as long as the
// name's DNS takes to answer. Allow-listed names keep the system lookup (/etc/hosts).
import type * as dnsModule from 'node:dns';
import { lookup as systemLookup } from 'node:dns';
import { describe, expect, it, vi } from 'vitest';
import { assertPublicHost, guardedLookup } from './host-url.js';

vi.mock('node:dns', async (importOriginal) => {
  const dns = await importOriginal<typeof dnsModule>();
  return { ...dns, lookup: vi.fn(dns.lookup) };
});

const closed = { allowPrivateHosts: [] };

describe('looking up a tenant’s host name', () => {
  it('does not use the system lookup, at registration or at connection', async () => {
    vi.mocked(systemLookup).mockClear();
    await expect(
      assertPublicHost(new URL('https://gitlab.nowhere.invalid'), closed),
    ).rejects.toMatchObject({ code: 'INVALID_REQUEST' });
    const connected = await new Promise<unknown>((resolve) => {
      guardedLookup(closed)('gitlab.nowhere.invalid', { all: true }, (error) => {
        resolve(error);
      });
    });
    expect(connected).toBeInstanceOf(Error);
    expect(systemLookup).not.toHaveBeenCalled();
  });

  it('uses it for an allow-listed name', async () => {
    vi.mocked(systemLookup).mockClear();
    await new Promise<void>((resolve) => {
      guardedLookup({ allowPrivateHosts: ['localhost'] })('localhost', {}, () => {
        resolve();
      });
    });
    expect(systemLookup).toHaveBeenCalledTimes(1);
  });
});
