// What Node's HTTP parser refuses never reaches a route: the gateway still answers it with the
// canonical body (client-errors.ts). Sent over raw sockets, as no HTTP client would send them.
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../test-support/gateway.js';

/** Writes `raw` to the gateway and reads until it closes: the status line and the JSON body. */
function rawExchange(gw: TestGateway, raw: string): Promise<{ status: number; body: unknown }> {
  const { hostname, port } = new URL(gw.url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => socket.end(raw));
    let text = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (text += chunk));
    socket.on('error', reject);
    socket.on('close', () => {
      const [head = '', body = ''] = text.split('\r\n\r\n');
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1]);
      try {
        resolve({ status, body: JSON.parse(body) as unknown });
      } catch {
        reject(new Error(`not a JSON answer: ${text.slice(0, 300)}`));
      }
    });
  });
}

describe('requests the HTTP parser refuses', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway();
  });
  afterAll(async () => {
    await gw.close();
  });

  it('a control character in the path: 400 with the canonical body', async () => {
    const answer = await rawExchange(gw, 'GET /v1/repo\u0001sitories HTTP/1.1\r\nHost: x\r\n\r\n');
    expect(answer.status).toBe(400);
    const { error } = answer.body as { error: { code: string; message: string } };
    expect(error.code).toBe('INVALID_REQUEST');
    expect(error.message).toContain('percent-encode');
  });

  it('headers over 16 KB: 431 with the canonical body', async () => {
    const answer = await rawExchange(
      gw,
      `GET /health?q=${'a'.repeat(20_000)} HTTP/1.1\r\nHost: x\r\n\r\n`,
    );
    expect(answer.status).toBe(431);
    const { error } = answer.body as { error: { code: string; message: string } };
    expect(error.code).toBe('INVALID_REQUEST');
    expect(error.message).toContain('16 KB');
  });

  it('a malformed header line: 400 with the canonical body', async () => {
    const answer = await rawExchange(
      gw,
      'GET /health HTTP/1.1\r\nHost: x\r\nno colon here\r\n\r\n',
    );
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ error: { code: 'INVALID_REQUEST' } });
  });
});
