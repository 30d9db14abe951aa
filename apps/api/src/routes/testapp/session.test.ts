import { randomBytes } from 'node:crypto';
import type { Request, Response } from 'express';
import { describe, expect, it } from 'vitest';
import { createSecretBox } from '../../crypto/secret-box.js';
import { createSigner } from '../../crypto/signed-value.js';
import type { GatewayServices } from '../../services.js';
import {
  checkTestappCsrf,
  newTestappSession,
  readTestappSession,
  testappCsrf,
  writeTestappSession,
  type TestappSession,
} from './session.js';

// The sandbox's cookie: sealed (nothing readable in it), refused when altered, expired or sealed
// under another key, and its CSRF tokens bound to the session they were made for.

function servicesAt(clock: { now: number }, masterKey = randomBytes(32)): GatewayServices {
  return {
    secretBox: createSecretBox(masterKey),
    signer: createSigner(randomBytes(32), () => clock.now),
    now: () => clock.now,
    config: { publicUrl: 'https://gateway.example.com' },
  } as unknown as GatewayServices;
}

/** The Set-Cookie lines a write produces, and a request that sends the cookie back. */
function roundTrip(services: GatewayServices, session: TestappSession) {
  const lines: string[] = [];
  const res = {
    append: (_name: string, value: string) => lines.push(value),
  } as unknown as Response;
  writeTestappSession(services, res, session);
  const line = lines[0] ?? '';
  const value = line.slice(line.indexOf('=') + 1, line.indexOf(';'));
  const request = (cookie: string) =>
    ({ headers: { cookie: `__Host-sgg_testapp=${cookie}` } }) as unknown as Request;
  return { line, value, request };
}

const configured: TestappSession = {
  ...newTestappSession(),
  config: { clientId: 'client_abc', clientSecret: 'sggcs_secret-value', customerRef: null },
  pending: null,
  token: {
    accessToken: 'sggat_access-token-value',
    refreshToken: 'sggrt_refresh-token-value',
    expiresAt: '2030-01-01T00:00:00.000Z',
    scope: 'read:repositories',
  },
};

describe('the sandbox cookie', () => {
  it('is sealed, HttpOnly, SameSite=Lax, Secure over https, and reads back as written', () => {
    const services = servicesAt({ now: Date.now() });
    const { line, value, request } = roundTrip(services, configured);
    expect(line).toMatch(
      /^__Host-sgg_testapp=[^;]+; Path=\/; HttpOnly; Max-Age=\d+; SameSite=Lax; Secure$/,
    );
    for (const plain of ['client_abc', 'sggcs_', 'sggat_', 'sggrt_', 'read:repositories'])
      expect(value).not.toContain(plain);
    expect(readTestappSession(services, request(value))).toEqual(configured);
    // Over https only the __Host- name is read: a bare one may have been planted for the parent
    // domain by a sibling subdomain.
    const bare = { headers: { cookie: `sgg_testapp=${value}` } } as unknown as Request;
    expect(readTestappSession(services, bare)).toBeNull();
  });

  it('is refused when one character changes, when expired, or when sealed under another key', () => {
    const clock = { now: Date.now() };
    const services = servicesAt(clock);
    const { value, request } = roundTrip(services, configured);
    const index = value.length - 5;
    const altered = `${value.slice(0, index)}${value[index] === 'A' ? 'B' : 'A'}${value.slice(index + 1)}`;
    expect(readTestappSession(services, request(altered))).toBe('invalid');
    expect(readTestappSession(services, request('v1.not-sealed'))).toBe('invalid');
    expect(readTestappSession(servicesAt(clock), request(value))).toBe('invalid');
    clock.now += 9 * 3600 * 1000;
    expect(readTestappSession(services, request(value))).toBe('invalid');
    expect(readTestappSession(services, { headers: {} } as unknown as Request)).toBeNull();
  });

  it("takes a form's CSRF token only from the session it was made for", () => {
    const services = servicesAt({ now: Date.now() });
    const mine = newTestappSession();
    const other = newTestappSession();
    expect(() => {
      checkTestappCsrf(services, mine, testappCsrf(services, mine));
    }).not.toThrow();
    expect(() => {
      checkTestappCsrf(services, mine, testappCsrf(services, other));
    }).toThrow(/form has expired or was not made by this sandbox page/);
    expect(() => {
      checkTestappCsrf(services, mine, undefined);
    }).toThrow();
  });
});
