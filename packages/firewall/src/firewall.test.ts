import { createHmac } from 'node:crypto';
import type { Diff, DiffFile } from '@scm/core';
import fc from 'fast-check';
import picomatch from 'picomatch/posix.js';
import { describe, expect, it } from 'vitest';
import { DEFAULT_BLOCKED_PATHS, FirewallConfigSchema, RULE_IDS } from './config.js';
import { createFirewall } from './firewall.js';
import { compilePolicy } from './policy.js';

const HASH_KEY = 'firewall-test-key-0123456789';
const GHP = `ghp_${'aB3'.repeat(12)}`;

function marker(value: string, key = HASH_KEY): string {
  return `[hashed:sha256:${createHmac('sha256', key).update(value).digest('hex').slice(0, 12)}]`;
}

function file(path: string, patch: string | null, previousPath: string | null = null): DiffFile {
  return {
    path,
    previousPath,
    status: previousPath === null ? 'modified' : 'renamed',
    additions: 1,
    deletions: 0,
    binary: false,
    patch,
  };
}

function diff(files: DiffFile[]): Diff {
  return {
    provider: 'github',
    sha: 'b'.repeat(40),
    baseSha: 'a'.repeat(40),
    truncated: false,
    files,
    raw: { files },
  };
}

describe('config', () => {
  it('fills every default from a hash key alone', () => {
    const config = FirewallConfigSchema.parse({ hashKey: HASH_KEY });
    expect(config.enabled).toBe(true);
    expect(config.blockedPaths).toEqual(DEFAULT_BLOCKED_PATHS);
    expect(Object.keys(config.rules).sort()).toEqual([...RULE_IDS].sort());
    expect(Object.values(config.rules).every(Boolean)).toBe(true);
  });

  it('rejects a missing or short key and unknown value types', () => {
    expect(() => FirewallConfigSchema.parse({})).toThrow();
    expect(() => FirewallConfigSchema.parse({ hashKey: 'short' })).toThrow(/16/);
    expect(() => FirewallConfigSchema.parse({ hashKey: HASH_KEY, blockedPaths: [''] })).toThrow();
    expect(() => FirewallConfigSchema.parse({ hashKey: HASH_KEY, rules: { jwt: 'no' } })).toThrow();
  });

  it('takes a new config on the next call, and keeps the old one when the new one is invalid', () => {
    const firewall = createFirewall({ hashKey: HASH_KEY });
    const input = { path: 'notes.txt', content: `token: ${GHP}\n` };
    expect(firewall.applyToFile(input).report.secrets).toBe(1);
    firewall.update({
      hashKey: HASH_KEY,
      rules: { 'github-token': false, 'secret-assignment': false },
    });
    expect(firewall.applyToFile(input).file.content).toBe(input.content);
    expect(() => {
      firewall.update({ hashKey: 'x' });
    }).toThrow();
    expect(firewall.config.rules['github-token']).toBe(false);
    firewall.update({ hashKey: HASH_KEY, blockedPaths: ['notes.*'] });
    expect(firewall.applyToFile(input).file.blocked).toBe(true);
  });

  it('passes everything through when disabled', () => {
    const firewall = createFirewall({ hashKey: HASH_KEY, enabled: false });
    const input = diff([file('.env', `@@ -0,0 +1 @@\n+TOKEN=${GHP}\n`)]);
    const { diff: output, report } = firewall.applyToDiff(input);
    expect(output.files).toEqual(input.files);
    expect(report.secrets + report.blockedFiles).toBe(0);
  });
});

describe('blocked paths', () => {
  const firewall = createFirewall({ hashKey: HASH_KEY });
  const blocked = (path: string): boolean =>
    firewall.applyToFile({ path, content: 'x\n' }).file.blocked;

  it.each([
    '.env',
    'services/api/.env',
    '.env.local',
    'config/.env.production',
    'server.pem',
    'deploy/certs/server.pem',
    'tls/private.key',
    'keystore/app.p12',
    'win/cert.pfx',
    'home/.ssh/id_rsa',
    'home/.ssh/id_rsa.pub',
    'id_ed25519',
    'keys/id_ecdsa_sk',
    'android/release.keystore',
    'java/trust.jks',
    '.npmrc',
    'tools/.pypirc',
    '.netrc',
    'gcp/credentials.json',
    'CERTS/SERVER.PEM',
    '/abs/.env',
  ])('blocks %s', (path) => {
    expect(blocked(path)).toBe(true);
  });

  it.each([
    'env.ts',
    'src/environment.ts',
    'docs/pem-format.md',
    'keys.ts',
    'src/credentials.ts',
    '.envrc',
    'my.env.example.md',
  ])('leaves %s', (path) => {
    expect(blocked(path)).toBe(false);
  });

  it('matches patterns with a slash against the whole path', () => {
    const custom = createFirewall({
      hashKey: HASH_KEY,
      blockedPaths: ['secrets/**', 'config/*.yml'],
    });
    const isBlocked = (path: string): boolean =>
      custom.applyToFile({ path, content: '' }).file.blocked;
    expect(isBlocked('secrets/a/b.txt')).toBe(true);
    expect(isBlocked('config/app.yml')).toBe(true);
    expect(isBlocked('other/config/app.yml')).toBe(false);
    expect(isBlocked('.env')).toBe(false);
  });

  it('keeps blocked files in a diff as blocked with no patch, by old or new path, and drops raw', () => {
    const input = diff([
      file('README.md', '@@ -1 +1 @@\n-old\n+new\n'),
      file('config/.env', '@@ -0,0 +1 @@\n+A=1\n'),
      file('docs/server-key.txt', '@@ -0,0 +1 @@\n+x\n', 'certs/server.pem'),
    ]);
    const { diff: output, report } = firewall.applyToDiff(input);
    expect(output).not.toHaveProperty('raw');
    expect(output.files.map((entry) => [entry.path, entry.blocked ?? false, entry.patch])).toEqual([
      ['README.md', false, '@@ -1 +1 @@\n-old\n+new\n'],
      ['config/.env', true, null],
      ['docs/server-key.txt', true, null],
    ]);
    expect(output.files[1]).toMatchObject({ status: 'modified', additions: 1 });
    expect(report.blockedFiles).toBe(2);
    expect(report.files.map((entry) => entry.path)).toEqual(['config/.env', 'docs/server-key.txt']);
  });
});

describe('hashing', () => {
  const firewall = createFirewall({ hashKey: HASH_KEY });

  it('computes the marker as createHmac does, for any value and key (property)', () => {
    // Values of any UTF-16 content (lone surrogates, astral characters) and length, on both
    // sides of the 4 KiB scratch buffer, under keys shorter and longer than SHA-256's block.
    const units = fc
      .array(fc.integer({ min: 0, max: 0xffff }), { minLength: 1, maxLength: 24 })
      .map((codes) => String.fromCharCode(...codes));
    const value = fc.oneof(
      units,
      units.map((piece) => piece.repeat(Math.ceil(1400 / piece.length))),
    );
    // Keys shorter than, as long as and longer than SHA-256's 64-byte block, and not ASCII.
    const keys = [
      HASH_KEY,
      'k'.repeat(64),
      'k'.repeat(65),
      `clé-${'é'.repeat(40)}`,
      '🔑'.repeat(20),
    ];
    const policies = keys.map((hashKey) =>
      compilePolicy(FirewallConfigSchema.parse({ hashKey, blockedPaths: [] })),
    );
    fc.assert(
      fc.property(value, fc.nat(keys.length - 1), (secret, which) => {
        expect(policies[which]?.mark(secret)).toBe(marker(secret, keys[which]));
      }),
      { numRuns: 500 },
    );
  });

  it('replaces a value by the first 12 hex of its HMAC-SHA256 under the configured key', () => {
    const { file: output } = firewall.applyToFile({
      path: 'a.sh',
      content: `GITHUB_TOKEN=${GHP}\n`,
    });
    expect(output.content).toBe(`GITHUB_TOKEN=${marker(GHP)}\n`);
    expect(output.content).toMatch(/^GITHUB_TOKEN=\[hashed:sha256:[0-9a-f]{12}\]\n$/);
  });

  it('gives one value one marker under one key, and another marker under another key', () => {
    const other = createFirewall({ hashKey: 'another-key-0123456789' });
    const content = `a: ${GHP}\nb: ${GHP}\n`;
    const mine = firewall.applyToFile({ path: 'x.yml', content }).file.content ?? '';
    const theirs = other.applyToFile({ path: 'x.yml', content }).file.content ?? '';
    expect(mine).toBe(`a: ${marker(GHP)}\nb: ${marker(GHP)}\n`);
    expect(theirs).toBe(
      `a: ${marker(GHP, 'another-key-0123456789')}\nb: ${marker(GHP, 'another-key-0123456789')}\n`,
    );
  });

  it('is idempotent: filtering filtered output changes nothing', () => {
    const content = `password: hunter2\n-----BEGIN RSA PRIVATE KEY-----\n${'A'.repeat(64)}\n-----END RSA PRIVATE KEY-----\nurl: https://u:p4ssw0rd@h/\n`;
    const once = firewall.applyToFile({ path: 'x.yml', content }).file.content ?? '';
    const twice = firewall.applyToFile({ path: 'x.yml', content: once });
    expect(twice.file.content).toBe(once);
    expect(twice.report.byRule['secret-assignment'] + twice.report.byRule['url-credentials']).toBe(
      0,
    );
  });

  it('reports counts per rule and per file, never a value', () => {
    const secret = 'Zq8vN2pLx7Rt4Kw9';
    const input = diff([
      file('a.yml', `@@ -1 +1,2 @@\n-password: ${secret}\n+password: ${secret}x\n+token: ${GHP}\n`),
      file('b.ts', `@@ -1 +1 @@\n+const apiKey = "${secret}";\n`),
    ]);
    const { report } = firewall.applyToDiff(input);
    expect(report.secrets).toBe(4);
    expect(report.byRule).toMatchObject({ 'secret-assignment': 3, 'github-token': 1 });
    expect(report.files.map((entry) => [entry.path, entry.secrets])).toEqual([
      ['a.yml', 3],
      ['b.ts', 1],
    ]);
    // Every rule is listed, in RULE_IDS order, with a zero where nothing fired.
    const first = report.files[0];
    expect(Object.keys(first?.byRule ?? {})).toEqual([...RULE_IDS]);
    expect(first?.byRule).toEqual({
      ...Object.fromEntries(RULE_IDS.map((id) => [id, 0])),
      'secret-assignment': 2,
      'github-token': 1,
    });
    expect(report.files[1]?.byRule['secret-assignment']).toBe(1);
    expect(report.files[1]?.byRule['github-token']).toBe(0);
    const serialized = JSON.stringify(report);
    expect(serialized).not.toContain(secret);
    expect(serialized).not.toContain(GHP);
  });

  it('turns rules off one by one', () => {
    const content = `token: ${GHP}\n`;
    const off = createFirewall({ hashKey: HASH_KEY, rules: { 'github-token': false } });
    // With the format rule off, the assignment rule still sees a secret name.
    expect(off.applyToFile({ path: 'x.yml', content }).report.byRule).toMatchObject({
      'github-token': 0,
      'secret-assignment': 1,
    });
  });
});

describe('unified diff text', () => {
  const firewall = createFirewall({ hashKey: HASH_KEY });

  it('drops blocked sections but keeps their diff --git line, and filters the rest', () => {
    const text = [
      'diff --git a/.env b/.env',
      'new file mode 100644',
      'index 0000000..e69de29',
      '--- /dev/null',
      '+++ b/.env',
      '@@ -0,0 +1,2 @@',
      '+API_KEY=abc',
      '+OTHER=1',
      'diff --git a/src/a.ts b/src/a.ts',
      'index 1111111..2222222 100644',
      '--- a/src/a.ts',
      '+++ b/src/a.ts',
      '@@ -1,3 +1,3 @@ const apiKey = "Zq8vN2pLx7Rt4Kw9"',
      ' const a = 1;',
      '--- const b = "--- not a header";',
      '+const password = "hunter22";',
      ' const c = 3;',
      '\\ No newline at end of file',
      '',
    ].join('\n');
    const { text: output, report } = firewall.applyToDiffText(text);
    expect(output).toBe(
      [
        'diff --git a/.env b/.env',
        'new file mode 100644',
        'diff --git a/src/a.ts b/src/a.ts',
        'index 1111111..2222222 100644',
        '--- a/src/a.ts',
        '+++ b/src/a.ts',
        `@@ -1,3 +1,3 @@ const apiKey = "${marker('Zq8vN2pLx7Rt4Kw9')}"`,
        ' const a = 1;',
        '--- const b = "--- not a header";',
        `+const password = "${marker('hunter22')}";`,
        ' const c = 3;',
        '\\ No newline at end of file',
        '',
      ].join('\n'),
    );
    expect(report.blockedFiles).toBe(1);
    expect(report.files.map((entry) => [entry.path, entry.blocked, entry.secrets])).toEqual([
      ['.env', true, 0],
      ['src/a.ts', false, 2],
    ]);
  });

  it('blocks a rename onto or away from a blocked path, and quoted paths', () => {
    const text = [
      'diff --git a/notes.txt b/deploy/id_rsa',
      'similarity index 90%',
      'rename from notes.txt',
      'rename to deploy/id_rsa',
      '@@ -1 +1 @@',
      '-a',
      '+b',
      'diff --git "a/caf\\303\\251/.env" "b/caf\\303\\251/.env"',
      '--- "a/caf\\303\\251/.env"',
      '+++ "b/caf\\303\\251/.env"',
      '@@ -1 +1 @@',
      '-A=1',
      '+A=2',
      '',
    ].join('\n');
    const { text: output, report } = firewall.applyToDiffText(text);
    expect(output).not.toMatch(/^[+-][ab12]$/m);
    expect(output).not.toContain('A=2');
    expect(report.files.map((entry) => entry.path)).toEqual(['deploy/id_rsa', 'café/.env']);
  });

  it('reads a plain unified diff (no diff --git lines)', () => {
    const text =
      '--- a/.env\t2026-01-01\n+++ b/.env\t2026-01-02\n@@ -1 +1 @@\n-A=1\n+A=2\n--- a/b.yml\n+++ b/b.yml\n@@ -1 +1 @@\n-x: 1\n+password: hunter22\n';
    const { text: output, report } = firewall.applyToDiffText(text);
    expect(output).toBe(
      `--- a/b.yml\n+++ b/b.yml\n@@ -1 +1 @@\n-x: 1\n+password: ${marker('hunter22')}\n`,
    );
    expect(report.blockedFiles).toBe(1);
  });

  it('hashes a private-key block line by line and counts it once', () => {
    const body = [
      'MIIEowIBAAKCAQEA1234567890abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMN',
      'OPQRSTUVWXYZ+/==',
    ];
    const text = `diff --git a/k.txt b/k.txt\n--- a/k.txt\n+++ b/k.txt\n@@ -0,0 +1,4 @@\n+-----BEGIN RSA PRIVATE KEY-----\n+${body[0]}\n+${body[1]}\n+-----END RSA PRIVATE KEY-----\n`;
    const { text: output, report } = firewall.applyToDiffText(text);
    expect(output).toContain(
      `+-----BEGIN RSA PRIVATE KEY-----\n+${marker(body[0]!)}\n+${marker(body[1]!)}\n+-----END RSA PRIVATE KEY-----\n`,
    );
    expect(report.byRule['private-key']).toBe(1);
  });

  it('ends a private-key block at a line that cannot be part of it', () => {
    const content = '-----BEGIN PRIVATE KEY-----\nAAAABBBBCCCC\nconst x = 1;\npassword: hunter22\n';
    const { file: output } = firewall.applyToFile({ path: 'x.yml', content });
    expect(output.content).toBe(
      `-----BEGIN PRIVATE KEY-----\n${marker('AAAABBBBCCCC')}\nconst x = 1;\npassword: ${marker('hunter22')}\n`,
    );
  });

  it('finds secrets in a chunk whose lowercase changes length (İ), through the slower trigger', () => {
    const content = `name: İstanbul\npassword: hunter22\ntoken: ${GHP}\n`;
    const { file: output } = firewall.applyToFile({ path: 'x.yml', content });
    expect(output.content).toBe(
      `name: İstanbul\npassword: ${marker('hunter22')}\ntoken: ${marker(GHP)}\n`,
    );
  });

  it("keeps a line whole around a character whose low byte is a newline's (上 is U+4E0A)", () => {
    // Once, a non-ASCII span's newlines were read off its Latin-1 bytes: `上` ended a line there,
    // so `x上diff --git …` began a section of its own and the blocked file's lines after it leaked.
    const text = [
      'diff --git a/.env b/.env',
      'new file mode 100644',
      '--- /dev/null',
      '+++ b/.env',
      '@@ -0,0 +1,3 @@',
      '+x上diff --git a/ok.txt b/ok.txt',
      '+DB_HOST=db.internal',
      '+PLAIN=visible-value-here',
      'diff --git a/notes.md b/notes.md',
      '--- a/notes.md',
      '+++ b/notes.md',
      '@@ -1,1 +1,2 @@',
      ' 上传文件',
      '+上 password = "hunter22"',
      '',
    ].join('\n');
    const { text: output, report } = firewall.applyToDiffText(text);
    expect(output).toBe(
      [
        'diff --git a/.env b/.env',
        'new file mode 100644',
        'diff --git a/notes.md b/notes.md',
        '--- a/notes.md',
        '+++ b/notes.md',
        '@@ -1,1 +1,2 @@',
        ' 上传文件',
        `+上 password = "${marker('hunter22')}"`,
        '',
      ].join('\n'),
    );
    expect(report.files.map((entry) => [entry.path, entry.blocked, entry.secrets])).toEqual([
      ['.env', true, 0],
      ['notes.md', false, 1],
    ]);
  });

  it('keeps CRLF line endings', () => {
    const { file: output } = firewall.applyToFile({
      path: 'a.env',
      content: 'A=1\r\nPASSWORD=hunter22\r\n',
    });
    expect(output.content).toBe(`A=1\r\nPASSWORD=${marker('hunter22')}\r\n`);
  });
});

describe('isPathBlocked', () => {
  it('matches files by name anywhere and directories by path, only while enabled', () => {
    const firewall = createFirewall({
      hashKey: HASH_KEY,
      blockedPaths: [...DEFAULT_BLOCKED_PATHS, 'secrets/**'],
    });
    expect(firewall.isPathBlocked('.env')).toBe(true);
    expect(firewall.isPathBlocked('deploy/.env.production')).toBe(true);
    expect(firewall.isPathBlocked('certs/Server.PEM')).toBe(true);
    expect(firewall.isPathBlocked('/home/.ssh/id_rsa')).toBe(true);
    expect(firewall.isPathBlocked('secrets')).toBe(true);
    expect(firewall.isPathBlocked('secrets/db/password.txt')).toBe(true);
    expect(firewall.isPathBlocked('src/secrets.ts')).toBe(false);
    expect(firewall.isPathBlocked('README.md')).toBe(false);
    expect(firewall.isPathBlocked('docs/env.md')).toBe(false);
    firewall.update({ hashKey: HASH_KEY, enabled: false });
    expect(firewall.isPathBlocked('.env')).toBe(false);
  });
});

describe('blocked file names', () => {
  // The matcher skips picomatch's regex when no simple pattern (`.env`, `*.pem`, `id_rsa*`) can
  // match; it must answer as picomatch does for every name.
  const pieces = [
    '.env',
    '.ENV',
    '.Env.',
    'x',
    '.',
    'pem',
    '.PEM',
    'id_rsa',
    'ID_RSA',
    'Id_',
    'credentials.json',
    'CREDENTIALS.JSON',
    'secret',
    '.bak',
    'mid',
    'ſ',
    'K',
    'é',
    '*',
    '?',
    '-',
    '_',
    '.key',
    'jks',
    '.p12',
  ];
  const name = fc
    .array(fc.oneof(fc.constantFrom(...pieces), fc.string({ maxLength: 2 })), {
      minLength: 1,
      maxLength: 4,
    })
    .map((parts) => parts.join('').replaceAll('/', ''));

  for (const blockedPaths of [
    [...DEFAULT_BLOCKED_PATHS],
    [...DEFAULT_BLOCKED_PATHS, 'secret*', '*.BAK', 'Id_Test*'],
    [...DEFAULT_BLOCKED_PATHS, 'x?y', '*mid*'],
  ]) {
    it(`answers as picomatch for ${String(blockedPaths.length)} patterns (property)`, () => {
      const firewall = createFirewall({ hashKey: HASH_KEY, blockedPaths });
      const matchers = blockedPaths.map((pattern) =>
        picomatch.makeRe(pattern, { dot: true, nocase: true }),
      );
      fc.assert(
        fc.property(name, (file) => {
          const expected =
            file !== '' &&
            (blockedPaths.includes(file) || matchers.some((matcher) => matcher.test(file)));
          expect(firewall.isPathBlocked(`src/${file}`)).toBe(expected);
        }),
        { numRuns: 3000 },
      );
    });
  }
});
