// How the gateway-read bench's own servers (minimal.ts, floor.ts) run as forked children: listen on
// 127.0.0.1, tell the parent their URL, and on the parent's message close, clean up and exit.
import { once } from 'node:events';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Agent } from 'undici';

export async function serveUntilStopped(
  app: { listen(port: number, host: string): Server },
  agent: Agent,
  cleanUp: () => void = () => undefined,
): Promise<void> {
  const server = app.listen(0, '127.0.0.1');
  server.keepAliveTimeout = 60_000;
  await once(server, 'listening');
  process.send?.({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` });
  process.on('message', () => {
    server.closeAllConnections();
    server.close();
    cleanUp();
    void agent.close().then(() => process.exit(0));
  });
}
