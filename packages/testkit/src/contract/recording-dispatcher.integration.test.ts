import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulatorServer, type SimulatorServer } from '../server/simulator-server.js';
import { createRecordingDispatcher, isLoopbackOrigin } from './recording-dispatcher.js';

describe('createRecordingDispatcher', () => {
  let server: SimulatorServer;
  const recorder = createRecordingDispatcher();
  beforeAll(async () => {
    server = await startSimulatorServer({
      routes: [{ method: 'GET', path: '/ok', handler: () => ({ json: { ok: true } }) }],
    });
  });
  afterAll(async () => {
    await recorder.close();
    await server.stop();
  });

  it('lets loopback requests through and records their origin', async () => {
    const response = await request(`${server.url}/ok`, { dispatcher: recorder.dispatcher });
    expect(await response.body.json()).toEqual({ ok: true });
    expect(recorder.origins).toEqual([server.url]);
  });

  it('refuses any other host before connecting, and records the attempt', async () => {
    // 192.0.2.0/24 is TEST-NET-1 (RFC 5737): never routable, and never reached here anyway.
    await expect(
      request('http://192.0.2.1/steal', { dispatcher: recorder.dispatcher }),
    ).rejects.toThrow(/Blocked a request/);
    expect(recorder.origins.at(-1)).toBe('http://192.0.2.1');
  });

  it('tells loopback origins from others', () => {
    expect(isLoopbackOrigin('http://127.0.0.1:8080')).toBe(true);
    expect(isLoopbackOrigin('http://[::1]:8080')).toBe(true);
    expect(isLoopbackOrigin('http://localhost.evil.test')).toBe(false);
    expect(isLoopbackOrigin('https://api.github.com')).toBe(false);
    expect(isLoopbackOrigin('not a url')).toBe(false);
  });
});
