import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createFirewall, type Firewall } from './firewall.js';
import type { FirewallReport } from './report.js';

const PEM_BODY = [
  'MIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gun',
  'VTLw7onLRnrq0/IzW7yWR7QkrmBL7jTKEn5u+qKhbwKfBstIs+bMY2Zkp18gnTxK',
  'LxoS2tFczGkPLPgizskuemMghRniWaoLcyehkd3qqGElvW/VDL5AaWTg0nLVkjRo',
];
const PEM = `-----BEGIN RSA PRIVATE KEY-----\n${PEM_BODY.join('\n')}\n-----END RSA PRIVATE KEY-----`;

/** A diff of several files holding every kind of secret, a blocked file and long lines. */
const DIFF = [
  'diff --git a/.env b/.env',
  'index 1111111..2222222 100644',
  '--- a/.env',
  '+++ b/.env',
  '@@ -1 +1 @@',
  '-API_KEY=sk_live_4eC39HqLyjWDarjtT1zdp7dc',
  '+API_KEY=sk_live_Zq8vN2pLx7Rt4Kw9Ab3Cd5Ef',
  'diff --git a/deploy/key.txt b/deploy/key.txt',
  'new file mode 100644',
  '--- /dev/null',
  '+++ b/deploy/key.txt',
  `@@ -0,0 +1,${PEM_BODY.length + 2} @@`,
  ...PEM.split('\n').map((line) => `+${line}`),
  'diff --git a/config/app.yml b/config/app.yml',
  '--- a/config/app.yml',
  '+++ b/config/app.yml',
  '@@ -1,4 +1,5 @@ database:',
  '   user: app',
  '-  password: hunter22',
  '+  password: "correct horse battery staple"',
  '+  url: postgres://app:S3cr3tPassw0rd@db.internal:5432/app',
  `+  token: ghp_${'aB3'.repeat(12)}`,
  `   note: ${'lorem ipsum '.repeat(30)}`,
  'diff --git a/src/client.ts b/src/client.ts',
  '--- a/src/client.ts',
  '+++ b/src/client.ts',
  '@@ -1,2 +1,3 @@',
  ' const token = getToken();',
  '+const jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U";',
  ' export const client = new Client({ apiKey: "AIzaSyD-9tSrke72PouQMnMX-a7eZSW0jkFMBWY" });',
  '',
].join('\n');

async function streamThrough(
  firewall: Firewall,
  chunks: readonly (string | Buffer)[],
  path?: string,
): Promise<{ text: string; report: FirewallReport }> {
  const stream = firewall.createStream(path === undefined ? undefined : { path });
  const out: Buffer[] = [];
  await pipeline(
    Readable.from(chunks, { objectMode: false }),
    stream,
    new Writable({
      write(chunk: Buffer, _encoding, callback) {
        out.push(chunk);
        callback();
      },
    }),
  );
  return { text: Buffer.concat(out).toString('utf8'), report: stream.report };
}

function cut(text: string, points: readonly number[]): string[] {
  const sorted = [...new Set(points.map((point) => point % (text.length + 1)))].sort(
    (a, b) => a - b,
  );
  const chunks: string[] = [];
  let from = 0;
  for (const point of sorted) {
    if (point > from) chunks.push(text.slice(from, point));
    from = Math.max(from, point);
  }
  if (from < text.length) chunks.push(text.slice(from));
  return chunks;
}

describe('streaming', () => {
  const firewall = createFirewall({ hashKey: 'stream-test-key-0123456789', maxLineLength: 1024 });
  const expected = firewall.applyToDiffText(DIFF);

  it('filters what the string API filters', () => {
    expect(expected.report.secrets).toBe(7);
    expect(expected.report.byRule).toMatchObject({
      'private-key': 1,
      'secret-assignment': 2,
      'url-credentials': 1,
      'github-token': 1,
      jwt: 1,
      'google-api-key': 1,
    });
    expect(expected.report.blockedFiles).toBe(1);
    for (const body of PEM_BODY) expect(expected.text).not.toContain(body);
  });

  it('gives the string output for random chunkings (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.nat({ max: DIFF.length }), { maxLength: 40 }),
        async (points) => {
          const result = await streamThrough(firewall, cut(DIFF, points));
          expect(result.text).toBe(expected.text);
          expect(result.report).toEqual(expected.report);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('gives the string output for Buffer chunks, cut anywhere (property)', async () => {
    // Unchanged runs go out as views of these Buffers (input-bytes.ts): as Buffers of their own
    // (what a socket hands over), and as views of one Buffer (whose neighbours merge).
    const bytes = Buffer.from(DIFF, 'utf8');
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.nat({ max: DIFF.length }), { maxLength: 40 }),
        fc.boolean(),
        async (points, shared) => {
          let offset = 0; // DIFF is ASCII: a character is a byte
          const chunks = cut(DIFF, points).map((chunk) => {
            offset += chunk.length;
            return shared
              ? bytes.subarray(offset - chunk.length, offset)
              : Buffer.from(chunk, 'utf8');
          });
          const result = await streamThrough(firewall, chunks);
          expect(result.text).toBe(expected.text);
          expect(result.report).toEqual(expected.report);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('passes an unchanged ASCII chunk on as the input bytes, and a redaction as new bytes', async () => {
    // Buffers of their own (small `Buffer.from` strings share Node's pool with the markers).
    const own = (text: string) => {
      const bytes = Buffer.alloc(text.length);
      bytes.write(text, 'latin1');
      return bytes;
    };
    const clean = own('line one\nline two\n');
    const secret = own(`token: ghp_${'aB3'.repeat(12)}\nplain\n`);
    const stream = firewall.createStream({ path: 'a.yml' });
    const out: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => out.push(chunk));
    const ended = new Promise((resolve) => stream.on('end', resolve));
    stream.write(clean);
    stream.end(secret);
    await ended;
    const text = Buffer.concat(out).toString();
    expect(text).toBe(
      firewall.applyToFile({ path: 'a.yml', content: `${clean.toString()}${secret.toString()}` })
        .file.content,
    );
    expect(text).not.toContain('ghp_');
    // The clean chunk and the line after the token are the caller's own bytes, not copies.
    expect(out[0]?.buffer).toBe(clean.buffer);
    expect(out.at(-1)?.toString()).toBe('plain\n');
    expect(out.at(-1)?.buffer).toBe(secret.buffer);
    expect(
      out.some((chunk) => chunk.buffer !== clean.buffer && chunk.buffer !== secret.buffer),
    ).toBe(true);
  });

  it('gives the string output when ASCII Buffers are followed by a string or by other bytes', async () => {
    const half = Math.floor(DIFF.length / 2);
    const head = Buffer.from(DIFF.slice(0, half));
    const viaString = await streamThrough(firewall, [head, DIFF.slice(half)]);
    expect(viaString.text).toBe(expected.text);
    const text = `${DIFF}+café: password = "pässwörd-123"\n${DIFF}`;
    const bytes = Buffer.from(text, 'utf8');
    const third = Math.floor(bytes.length / 3);
    const mixed = await streamThrough(firewall, [
      bytes.subarray(0, third),
      bytes.subarray(third, 2 * third),
      bytes.subarray(2 * third),
    ]);
    expect(mixed.text).toBe(firewall.applyToDiffText(text).text);
    expect(mixed.text).not.toContain('pässwörd');
  });

  it('catches a private key and an assignment split at every position', async () => {
    const pemStart = DIFF.indexOf('+-----BEGIN');
    const assignment = DIFF.indexOf('+  password: "correct');
    for (const start of [pemStart, assignment]) {
      for (let at = start; at < start + 120; at++) {
        const result = await streamThrough(firewall, [DIFF.slice(0, at), DIFF.slice(at)]);
        expect(result.text).toBe(expected.text);
        const bytes = Buffer.from(DIFF);
        const asBytes = await streamThrough(firewall, [bytes.subarray(0, at), bytes.subarray(at)]);
        expect(asBytes.text).toBe(expected.text);
      }
    }
  });

  it('splits multi-byte characters across Buffer chunks without damage', async () => {
    const text = `café: ☕\npassword: pässwörd-✓-123\n${'€'.repeat(100)}\n`;
    const bytes = Buffer.from(text, 'utf8');
    const chunks = Array.from({ length: bytes.length }, (_, index) =>
      bytes.subarray(index, index + 1),
    );
    const result = await streamThrough(firewall, chunks, 'x.yml');
    expect(result.text).toBe(firewall.applyToFile({ path: 'x.yml', content: text }).file.content);
    expect(result.text).not.toContain('pässwörd');
  });

  it('keeps a blocked file whole around 上 (U+4E0A, low byte 0x0A) however the bytes are cut', async () => {
    const text = [
      'diff --git a/.env b/.env',
      '--- /dev/null',
      '+++ b/.env',
      '@@ -0,0 +1,2 @@',
      '+x上diff --git a/ok.txt b/ok.txt',
      '+PLAIN=visible-value-here',
      '',
    ].join('\n');
    const bytes = Buffer.from(text, 'utf8');
    for (const size of [1, 2, 7, 64, bytes.length]) {
      const chunks: Buffer[] = [];
      for (let at = 0; at < bytes.length; at += size) chunks.push(bytes.subarray(at, at + size));
      const result = await streamThrough(firewall, chunks);
      expect(result.text).toBe('diff --git a/.env b/.env\n');
      expect(result.report.blockedFiles).toBe(1);
    }
  });

  it('handles one character at a time, and input without a final newline', async () => {
    const text = DIFF.slice(0, -1);
    const chars: string[] = [];
    for (let index = 0; index < text.length; index++) chars.push(text.charAt(index));
    const result = await streamThrough(firewall, chars);
    expect(result.text).toBe(firewall.applyToDiffText(text).text);
  });

  it('cuts lines longer than maxLineLength at the same places as the string API', async () => {
    const line = `password: ${'x1'.repeat(3000)} token: ghp_${'aB3'.repeat(12)} ${'y'.repeat(2000)}\n`;
    const expectedFile = firewall.applyToFile({ path: 'x.yml', content: line }).file.content;
    expect(expectedFile).not.toContain('ghp_');
    for (const size of [1, 7, 1000, 1024, 1025, 4096]) {
      const chunks = [];
      for (let index = 0; index < line.length; index += size)
        chunks.push(line.slice(index, index + size));
      const result = await streamThrough(firewall, chunks, 'x.yml');
      expect(result.text).toBe(expectedFile);
    }
  });

  it('emits nothing for a blocked file and reports it', async () => {
    const result = await streamThrough(firewall, ['SECRET=1\n'], 'config/.env');
    expect(result.text).toBe('');
    expect(result.report.blockedFiles).toBe(1);
  });

  it('keeps the config it was created with while the firewall is updated', async () => {
    const local = createFirewall({ hashKey: 'stream-test-key-0123456789' });
    const stream = local.createStream({ path: 'a.yml' });
    local.update({ hashKey: 'stream-test-key-0123456789', enabled: false });
    const out: string[] = [];
    stream.on('data', (chunk: Buffer) => out.push(chunk.toString()));
    stream.end('password: hunter22\n');
    await new Promise((resolve) => stream.on('end', resolve));
    expect(out.join('')).not.toContain('hunter22');
    expect(
      local.applyToFile({ path: 'a.yml', content: 'password: hunter22\n' }).file.content,
    ).toContain('hunter22');
  });
});
