import type { LookupAddress, LookupOptions } from 'node:dns';
import { describe, expect, it } from 'vitest';
import {
  assertPublicHost,
  guardedLookup,
  isSpecialAddress,
  parseHostUrl,
  type HostPolicy,
} from './host-url.js';

const closed = { allowPrivateHosts: [] };
const lab = { allowPrivateHosts: ['127.0.0.1', 'ghe.lab.internal'] };

const fakeLookup =
  (table: Record<string, string[]>) =>
  (
    hostname: string,
    _options: { all: true },
    callback: (error: NodeJS.ErrnoException | null, addresses: LookupAddress[]) => void,
  ) => {
    const addresses = table[hostname];
    if (addresses === undefined)
      callback(Object.assign(new Error('ENOTFOUND'), { code: 'ENOTFOUND' }), []);
    else
      callback(
        null,
        addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 })),
      );
  };

describe('isSpecialAddress', () => {
  it.each([
    '127.0.0.1',
    '10.1.2.3',
    '172.20.0.1',
    '192.168.1.1',
    '169.254.169.254',
    '100.64.0.1',
    '0.0.0.0',
    '::1',
    '::',
    'fe80::1',
    'fec0::1',
    'fd00::1',
    '::ffff:127.0.0.1',
    '::ffff:169.254.169.254',
    // 127.0.0.1 and 169.254.169.254 in the IPv4-compatible and IPv4-translated forms.
    '::7f00:1',
    '::ffff:0:7f00:1',
    '::ffff:0:a9fe:a9fe',
    'not-an-ip',
  ])('refuses %s', (address) => {
    expect(isSpecialAddress(address)).toBe(true);
  });
  it.each(['140.82.112.3', '8.8.8.8', '2606:50c0:8000::153', '::ffff:8.8.8.8'])(
    'accepts %s',
    (address) => {
      expect(isSpecialAddress(address)).toBe(false);
    },
  );
});

describe('parseHostUrl', () => {
  it('normalizes an https origin with a path prefix', () => {
    expect(parseHostUrl(' https://gitlab.example.com/gitlab/ ', closed).href).toBe(
      'https://gitlab.example.com/gitlab',
    );
  });
  // Not a speed target: `/\/+$/` (what this used) takes ~40 s of CPU on this path, one pass ~1 ms;
  // the timeout only says a hang is a failure.
  it(
    'trims a path of slashes in one pass (a subscription callbackUrl reaches it: no quadratic regex)',
    { timeout: 10_000 },
    () => {
      const path = `/${'/'.repeat(200_000)}a`;
      expect(parseHostUrl(`https://hooks.example.com${path}//`, closed).pathname).toBe(path);
    },
  );
  it.each([
    ['http://gitlab.example.com', 'https'],
    ['https://user@gitlab.example.com', 'user name'],
    ['https://user:pw@gitlab.example.com', 'user name'],
    ['https://gitlab.example.com/?x=1', 'query'],
    ['https://gitlab.example.com/#frag', 'query'],
    ['https://169.254.169.254', 'private'],
    ['http://169.254.169.254/latest/meta-data', 'https'],
    ['https://127.0.0.1', 'private'],
    ['https://[::1]', 'private'],
    ['https://10.0.0.5', 'private'],
    ['ftp://gitlab.example.com', 'https'],
    ['gitlab.example.com', 'absolute'],
    ['', 'absolute'],
  ])('refuses %s', (input, words) => {
    expect(() => parseHostUrl(input, closed)).toThrow(
      expect.objectContaining({ code: 'INVALID_REQUEST' }),
    );
    expect(() => parseHostUrl(input, closed)).toThrow(new RegExp(words));
  });
  it('lets an allow-listed host be private and use http', () => {
    expect(parseHostUrl('http://127.0.0.1:8080', lab).origin).toBe('http://127.0.0.1:8080');
    expect(() => parseHostUrl('http://127.0.0.2:8080', lab)).toThrow(/https/);
  });
});

describe('assertPublicHost', () => {
  const lookup = fakeLookup({
    'gitlab.example.com': ['203.0.114.10'],
    'rebind.example.com': ['93.184.216.34', '127.0.0.1'],
    'localtest.me': ['127.0.0.1'],
    'metadata.example.com': ['169.254.169.254'],
    'ghe.lab.internal': ['10.0.0.8'],
  });
  it('accepts a name that resolves only to public addresses', async () => {
    await expect(
      assertPublicHost(new URL('https://gitlab.example.com'), closed, lookup),
    ).resolves.toBeUndefined();
  });
  it.each(['rebind.example.com', 'localtest.me', 'metadata.example.com', 'nowhere.example.com'])(
    'refuses %s',
    async (name) => {
      await expect(
        assertPublicHost(new URL(`https://${name}`), closed, lookup),
      ).rejects.toMatchObject({
        code: 'INVALID_REQUEST',
      });
    },
  );
  it('answers a name that does not resolve as one that resolves privately, and names no address', async () => {
    const messageOf = async (name: string) => {
      const error: unknown = await assertPublicHost(
        new URL(`https://${name}`),
        closed,
        lookup,
      ).then(
        () => null,
        (refused: unknown) => refused,
      );
      return (error as Error).message.replace(name, '<name>');
    };
    const internal = await messageOf('ghe.lab.internal');
    expect(internal).toBe(await messageOf('nowhere.example.com'));
    expect(internal).toBe(await messageOf('rebind.example.com'));
    expect(internal).not.toMatch(/10\.0\.0\.8|127\.0\.0\.1/);
  });
  it('accepts an allow-listed private name', async () => {
    await expect(
      assertPublicHost(new URL('https://ghe.lab.internal'), lab, lookup),
    ).resolves.toBeUndefined();
  });
});

describe('guardedLookup', () => {
  const lookup = fakeLookup({
    'rebind.example.com': ['93.184.216.34', '127.0.0.1'],
    'gitlab.example.com': ['203.0.114.10', '2001:4860::1'],
    'v4only.example.com': ['203.0.114.11'],
  });
  const resolveWith = (policy: HostPolicy, hostname: string, options: LookupOptions = {}) =>
    new Promise<unknown>((resolve) => {
      guardedLookup(policy, lookup)(hostname, options, (error, address) => {
        resolve(error ?? address);
      });
    });

  it('refuses to connect to a name resolving to loopback, and allows an allow-listed one', async () => {
    expect(await resolveWith(closed, 'rebind.example.com')).toMatchObject({
      message: expect.stringMatching(/private or reserved/) as unknown,
    });
    expect(await resolveWith(closed, 'gitlab.example.com')).toBe('203.0.114.10');
    expect(await resolveWith(closed, 'gitlab.example.com', { family: 6 })).toBe('2001:4860::1');
    expect(await resolveWith(closed, 'v4only.example.com', { family: 6 })).toMatchObject({
      code: 'ENOTFOUND',
    });
    // (Real DNS and the allow-listed system lookup: host-lookup.test.ts.)
  });
});
