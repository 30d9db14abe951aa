import { IncomingMessage, ServerResponse } from 'node:http';
import { Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { apiHeaders, fixedApiHeaders } from './security-headers.js';
import type { WithLocals } from './request-context.js';

/** A response that is never sent, and the headers written on it: raw names, values, in order. */
function written(write: (req: IncomingMessage, res: WithLocals) => void): [string, unknown][] {
  const req = new IncomingMessage(new Socket());
  const res: WithLocals = Object.assign(new ServerResponse(req), { locals: {} });
  write(req, res);
  // Node has had getRawHeaderNames since 15.13; @types/node does not declare it.
  const raw = (res as unknown as { getRawHeaderNames(): string[] }).getRawHeaderNames();
  return raw.map((name) => [name, res.getHeader(name)]);
}

describe('fixedApiHeaders (the direct routes) against apiHeaders (helmet on every response)', () => {
  const cases = [
    ['http://127.0.0.1:3000', '/v1/repositories/github/octo%2Fhello/branches'],
    ['https://gateway.example.com', '/v1/webhooks/github'],
    // An app's window opens these: no Cross-Origin-Opener-Policy.
    ['https://gateway.example.com', '/v1/auth/github/callback'],
    ['http://127.0.0.1:3000', '/oauth/token'],
  ] as const;

  it.each(cases)('%s %s: the same names, values and order', (publicUrl, path) => {
    const settings = { config: { publicUrl } };
    const helmetEach = apiHeaders(settings);
    const fixed = fixedApiHeaders(settings);
    const expected = written((req, res) => {
      helmetEach(req, res, path);
    });
    expect(
      written((_req, res) => {
        fixed(res, path);
      }),
    ).toEqual(expected);
    expect(expected.length).toBeGreaterThan(8);
  });

  it('https adds HSTS and upgrade-insecure-requests; COOP only off the app-window paths', () => {
    const fixed = fixedApiHeaders({ config: { publicUrl: 'https://gateway.example.com' } });
    const headers = new Map(
      written((_req, res) => {
        fixed(res, '/v1/me');
      }),
    );
    expect(headers.get('Strict-Transport-Security')).toBe('max-age=31536000');
    expect(headers.get('Content-Security-Policy')).toContain('upgrade-insecure-requests');
    expect(headers.get('Content-Security-Policy')).toContain("frame-ancestors 'none'");
    expect(headers.get('x-frame-options')).toBe('DENY');
    expect(headers.get('Cross-Origin-Opener-Policy')).toBe('same-origin');
    const plain = fixedApiHeaders({ config: { publicUrl: 'http://127.0.0.1:3000' } });
    const windowHeaders = new Map(
      written((_req, res) => {
        plain(res, '/oauth/authorize');
      }),
    );
    expect(windowHeaders.has('Strict-Transport-Security')).toBe(false);
    expect(windowHeaders.has('Cross-Origin-Opener-Policy')).toBe(false);
    // Each kind of path keeps its own headers, whichever came first.
    const again = (path: string) =>
      new Map(
        written((_req, res) => {
          plain(res, path);
        }),
      ).has('Cross-Origin-Opener-Policy');
    expect([again('/v1/me'), again('/v1/auth/x'), again('/v1/repositories')]).toEqual([
      true,
      false,
      true,
    ]);
  });
});
