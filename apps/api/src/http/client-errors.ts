import type { Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { toErrorBody } from '@scm/core';
import { gatewayError, SERVICE_NAME } from './errors.js';

// What Node's HTTP parser refuses before any route runs (a request line or headers over its 16 KB
// limit, a raw control character or space in the path, a malformed header, a request that took
// too long to arrive) gets the canonical error body too, instead of Node's bodiless answer.

const ANSWERS: Record<string, { status: number; reason: string; message: string }> = {
  HPE_HEADER_OVERFLOW: {
    status: 431,
    reason: 'Request Header Fields Too Large',
    message:
      'The request line and headers are larger than 16 KB: send a shorter URL (fewer or shorter query parameters) or fewer headers.',
  },
  ERR_HTTP_REQUEST_TIMEOUT: {
    status: 408,
    reason: 'Request Timeout',
    message: 'The request did not arrive in time: send it again, whole.',
  },
};

const MALFORMED = {
  status: 400,
  reason: 'Bad Request',
  message:
    'The request is not valid HTTP/1.1 (a control character or space in the path, or a malformed header): percent-encode the path and query, and check the headers.',
};

/** Answers the parser's refusals with the canonical body (`INVALID_REQUEST`), then closes. */
export function answerClientErrors(server: Server): void {
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    // A client that went away, or a socket a response was already written to: nothing to say.
    if (error.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy();
      return;
    }
    const answer = (error.code === undefined ? undefined : ANSWERS[error.code]) ?? MALFORMED;
    const body = JSON.stringify(
      toErrorBody(gatewayError('INVALID_REQUEST', answer.message), { serviceName: SERVICE_NAME }),
    );
    socket.end(
      `HTTP/1.1 ${answer.status} ${answer.reason}\r\n` +
        'content-type: application/json; charset=utf-8\r\n' +
        `content-length: ${Buffer.byteLength(body)}\r\n` +
        'connection: close\r\n\r\n' +
        body,
    );
  });
}
