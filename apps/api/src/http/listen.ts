import type { Server } from 'node:http';

/** `server.listen`, rejecting with a plain message when the port is taken or not allowed. */
export function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException): void => {
      const reason =
        error.code === 'EADDRINUSE'
          ? 'is already in use'
          : error.code === 'EACCES'
            ? 'is not allowed'
            : `failed (${error.code ?? error.message})`;
      reject(
        new Error(`Listening on ${host}:${port} ${reason}; set PORT (and HOST) to another value.`),
      );
    };
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve();
    });
  });
}
