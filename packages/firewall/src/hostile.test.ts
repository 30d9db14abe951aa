import { describe, expect, it } from 'vitest';
import { createFirewall } from './firewall.js';

/**
 * Linear time on untrusted input: every scanner resumes after what it has read, and the only
 * regexes on input are literal alternations. These 1 MB inputs target each scanner's worst case
 * (long runs it must read to the end, many starts, unclosed quotes and blocks); a backtracking
 * or quadratic scanner takes minutes on them. The budget is generous, for a loaded CI box.
 */
const SIZE = 1024 * 1024;
const BUDGET_MS = 5000;

function repeat(unit: string): string {
  return unit.repeat(Math.ceil(SIZE / unit.length)).slice(0, SIZE);
}

const HOSTILE: Record<string, string> = {
  'equals signs': repeat('='),
  colons: repeat(':'),
  'double quotes': repeat('"'),
  'single quotes': repeat("'"),
  'escaped quotes': repeat('\\"'),
  'backslashes then a quote': `${repeat('\\')}"`,
  spaces: repeat(' '),
  'spaces then an operator': `password${repeat(' ')}=`,
  base64: repeat('QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo0NTY3+/'),
  'PEM headers': repeat('-----BEGIN '),
  'PEM private-key headers': repeat('-----BEGIN RSA PRIVATE KEY-----'),
  'PEM header then base64 lines': `-----BEGIN PRIVATE KEY-----\n${repeat('QUJDREVGR0hJSktMTU5PUFFS\n')}`,
  'secret names': repeat('password'),
  'assignments of secret names': repeat('token='),
  'quoted assignments, unclosed': repeat('"secret": "'),
  'yaml keys': repeat('api_key: '),
  'url schemes': repeat('https://'),
  'url userinfo, no host': `https://user:${repeat('a')}`,
  'many @ and :': `https://${repeat('a:@')}`,
  'token prefixes': repeat('ghp_'),
  'token prefix with long body': `ghp_${repeat('a')}`,
  'JWT starts': repeat('eyJ'),
  'JWT-like segments': repeat('eyJhbGciOiJIUzI1NiJ9.'),
  'slack prefixes': repeat('xoxb-'),
  'AWS prefixes': repeat('AKIA'),
  'name characters': repeat('a_b-c.d$'),
  'bearer words': repeat('Authorization: Bearer '),
  'diff headers': repeat('diff --git a/x b/x\n'),
  'hunk headers': repeat('@@ -1,1 +1,1 @@\n'),
  'plus lines with secrets': repeat('+password=hunter22\n'),
  commas: repeat(','),
  'call arguments, unclosed': repeat("define('AUTH_KEY', '"),
  'call arguments with spaces': `(${repeat(' ')}'token',`,
};

describe('hostile 1 MB inputs finish in linear time', () => {
  const firewall = createFirewall({
    hashKey: 'hostile-test-key-0123456789',
    maxLineLength: 4 * SIZE,
  });
  for (const [name, input] of Object.entries(HOSTILE)) {
    it(name, () => {
      for (const [kind, run] of [
        ['file (code)', () => firewall.applyToFile({ path: 'a.ts', content: input }).file.content],
        [
          'file (config)',
          () => firewall.applyToFile({ path: 'a.yml', content: input }).file.content,
        ],
        ['diff text', () => firewall.applyToDiffText(`@@ -1 +1 @@\n+${input}\n`).text],
      ] as const) {
        const started = performance.now();
        const output = run();
        const elapsed = performance.now() - started;
        expect({ kind, elapsed: elapsed < BUDGET_MS }).toEqual({ kind, elapsed: true });
        expect(typeof output).toBe('string');
      }
    });
  }

  it('a 1 MB line of secrets still has each of them hashed', () => {
    const input = repeat('password=hunter22 ');
    const { file, report } = firewall.applyToFile({ path: 'run.sh', content: input });
    expect(file.content).not.toContain('hunter22');
    expect(report.secrets).toBe(Math.floor(SIZE / 'password=hunter22 '.length));
  });
});
