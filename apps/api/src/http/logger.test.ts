import { describe, expect, it } from 'vitest';
import { coalescedWriter, createJsonLogger, logScope, type AccessLine } from './logger.js';

const withoutTime = (line: string): string => line.replace(/"time":"[^"]+"/, '"time":"…"');

const LINES: AccessLine[] = [
  {
    requestId: 'gf_req_AbC123xyZ',
    method: 'GET',
    path: '/v1/repositories/github/r1/branches',
    status: 200,
    errorCode: undefined,
    durationMs: 1.2,
  },
  {
    requestId: 'caller.supplied:id-42',
    method: 'POST',
    path: '/v1/webhooks/github',
    status: 404,
    errorCode: 'REPOSITORY_NOT_FOUND',
    durationMs: 0,
  },
  // A token where a path segment or a request id should be, a code that is not a canonical one
  // (the gateway sets its own codes only), quotes, backslashes, control characters, non-ASCII and a lone surrogate.
  {
    requestId: 'ghp_0123456789abcdefghij0123456789abcd',
    method: 'DELETE',
    path: '/v1/x/glpat-abcdefghij0123456789/"q"\\b\t\u0001é🙂\ud800',
    status: 502,
    errorCode: 'q8Xy2LmN0pQrStUv',
    durationMs: 12_345.6,
  },
];

describe('the access line', () => {
  it('is, byte for byte, what pino writes for the same fields (time aside)', () => {
    for (const line of LINES) {
      const written: string[] = [];
      const logger = createJsonLogger('info', (text) => written.push(text));
      logger.request(line);
      logger.info('request', { ...line });
      logScope.run({ requestId: line.requestId }, () => {
        logger.info('request', { ...line });
      });
      expect(written).toHaveLength(3);
      const [fast, pinoLine, scoped] = written.map(withoutTime);
      expect(fast).toBe(pinoLine);
      expect(fast).toBe(scoped);
      expect(written[0]).toMatch(/"time":"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z"/);
    }
  });

  it('never holds a token, and is not written below info', () => {
    const written: string[] = [];
    createJsonLogger('info', (text) => written.push(text)).request(LINES[2] as AccessLine);
    expect(written[0]).not.toContain('ghp_0123');
    expect(written[0]).not.toContain('glpat-abc');
    const quiet: string[] = [];
    createJsonLogger('warn', (text) => quiet.push(text)).request(LINES[0] as AccessLine);
    expect(quiet).toEqual([]);
  });
});

describe('createJsonLogger', () => {
  it('says which levels it writes, so @scm/core skips building the lines it would drop', () => {
    const info = createJsonLogger('info', () => undefined);
    expect(info.isLevelEnabled?.('debug')).toBe(false);
    expect(info.isLevelEnabled?.('info')).toBe(true);
    expect(info.isLevelEnabled?.('error')).toBe(true);
    const debug = createJsonLogger('debug', () => undefined);
    expect(debug.isLevelEnabled?.('debug')).toBe(true);
    const silent = createJsonLogger('silent', () => undefined);
    expect(silent.isLevelEnabled?.('error')).toBe(false);
  });
});

describe('coalescedWriter', () => {
  it('writes the lines of one turn together at its end, in order', async () => {
    const chunks: string[] = [];
    const writer = coalescedWriter((chunk) => chunks.push(chunk));
    writer.write('a\n');
    writer.write('b\n');
    expect(chunks).toEqual([]);
    await new Promise((resolve) => setImmediate(resolve));
    expect(chunks).toEqual(['a\nb\n']);
    writer.write('c\n');
    await new Promise((resolve) => setImmediate(resolve));
    expect(chunks).toEqual(['a\nb\n', 'c\n']);
  });

  it('flush writes what is pending at once, and only once', async () => {
    const chunks: string[] = [];
    const writer = coalescedWriter((chunk) => chunks.push(chunk));
    writer.write('info\n');
    writer.write('error\n');
    writer.flush();
    expect(chunks).toEqual(['info\nerror\n']);
    writer.flush();
    await new Promise((resolve) => setImmediate(resolve));
    expect(chunks).toEqual(['info\nerror\n']);
    writer.write('next\n');
    await new Promise((resolve) => setImmediate(resolve));
    expect(chunks).toEqual(['info\nerror\n', 'next\n']);
  });
});
