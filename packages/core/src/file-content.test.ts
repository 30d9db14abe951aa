import { describe, expect, it } from 'vitest';
import { ScmError } from './errors/scm-error.js';
import {
  fileContentError,
  fileContentFromBytes,
  fileContentPath,
  isUtf8Text,
} from './file-content.js';
import { FILE_CONTENT_MAX_BYTES, FileContentSchema } from './schemas/file-content.js';

const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

describe('fileContentFromBytes', () => {
  it('keeps text as a UTF-8 string', () => {
    const content = fileContentFromBytes({
      provider: 'github',
      path: 'README.md',
      ref: 'main',
      sha: 'abc',
      bytes: utf8('# héllo\n'),
    });
    expect(FileContentSchema.parse(content)).toEqual({
      provider: 'github',
      path: 'README.md',
      ref: 'main',
      sha: 'abc',
      size: 9,
      encoding: 'utf-8',
      content: '# héllo\n',
    });
  });

  it('base64-encodes binary (a NUL byte, invalid UTF-8)', () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00]);
    const content = fileContentFromBytes({ provider: 'gitlab', path: 'a.png', bytes: png });
    expect(content).toMatchObject({ encoding: 'base64', size: 9, ref: null, sha: null });
    expect(Buffer.from(content.content, 'base64')).toEqual(Buffer.from(png));
    expect(isUtf8Text(new Uint8Array([0xc3]))).toBe(false);
  });

  it('refuses a file over the limit, naming its size', () => {
    const bytes = new Uint8Array(FILE_CONTENT_MAX_BYTES + 1).fill(97);
    expect(() =>
      fileContentFromBytes({ provider: 'x', path: 'big.txt', ref: 'v1', bytes }),
    ).toThrow(
      expect.objectContaining({
        code: 'INVALID_REQUEST',
        message: expect.stringContaining(`${FILE_CONTENT_MAX_BYTES + 1} bytes`) as string,
      }) as Error,
    );
  });
});

describe('fileContentPath / fileContentError', () => {
  it('normalizes a leading slash and refuses what names no file', () => {
    expect(fileContentPath('/src/a.ts', 'x')).toBe('src/a.ts');
    for (const bad of ['', '/', 'a/../b', 'dir/', 'a//b', 'a\u0000b'])
      expect(() => fileContentPath(bad, 'x')).toThrow(ScmError);
  });

  it('names the path and the ref of a 404, and says a too-large answer is too large', () => {
    const missing = fileContentError(
      new ScmError('RESOURCE_NOT_FOUND', { upstreamStatus: 404 }),
      'github',
      { path: 'docs/x.md', ref: 'v2' },
    );
    expect(missing).toMatchObject({
      code: 'RESOURCE_NOT_FOUND',
      upstreamStatus: 404,
      details: { path: 'docs/x.md', ref: 'v2' },
    });
    expect((missing as Error).message).toContain('"docs/x.md" at ref "v2"');
    const large = fileContentError(
      new ScmError('INVALID_REQUEST', { details: { responseTooLarge: true } }),
      'github',
      { path: 'big.bin' },
    );
    expect((large as Error).message).toMatch(/"big.bin" at the default branch is over/);
  });
});
