import { describe, expect, it } from 'vitest';
import { REDACTED, collectSecrets, redactHeaders, redactText, redactUrl } from './redact.js';

describe('redactHeaders', () => {
  it('redacts credential headers on a copy and leaves the input untouched', () => {
    const headers = {
      Authorization: 'Bearer ghp_abc123',
      'PRIVATE-TOKEN': 'glpat-xyz',
      'proxy-authorization': 'Basic Zm9vOmJhcg==',
      cookie: 'session=1',
      'set-cookie': 'session=2',
      'x-api-key': 'k',
      'x-gitlab-token': 'hook-token',
      'x-webhook-secret': 's',
      accept: 'application/json',
      'x-ratelimit-remaining': '10',
    };
    const before = { ...headers };
    const redacted = redactHeaders(headers);
    expect(headers).toEqual(before);
    expect(redacted).toEqual({
      Authorization: REDACTED,
      'PRIVATE-TOKEN': REDACTED,
      'proxy-authorization': REDACTED,
      cookie: REDACTED,
      'set-cookie': REDACTED,
      'x-api-key': REDACTED,
      'x-gitlab-token': REDACTED,
      'x-webhook-secret': REDACTED,
      accept: 'application/json',
      'x-ratelimit-remaining': '10',
    });
  });
});

describe('redactUrl', () => {
  it.each([
    ['/user?access_token=abc&page=2', `/user?access_token=${REDACTED}&page=2`],
    ['/x?page=1&private_token=glpat-1#frag', `/x?page=1&private_token=${REDACTED}#frag`],
    ['/cb?code=xyz&state=s', `/cb?code=${REDACTED}&state=s`],
    [
      '/a?client_secret=1&refresh_token=2&password=3&key=4&sig=5&signature=6&jwt=7',
      `/a?client_secret=${REDACTED}&refresh_token=${REDACTED}&password=${REDACTED}&key=${REDACTED}&sig=${REDACTED}&signature=${REDACTED}&jwt=${REDACTED}`,
    ],
    ['/a?%74oken=1', `/a?%74oken=${REDACTED}`],
    ['/a?TOKEN=1', `/a?TOKEN=${REDACTED}`],
    ['/a?page=2&per_page=100', '/a?page=2&per_page=100'],
    ['/plain/path', '/plain/path'],
    [
      'https://oauth2:glpat-secret@gitlab.example.com/x?token=t',
      `https://oauth2:${REDACTED}@gitlab.example.com/x?token=${REDACTED}`,
    ],
    ['https://ghp_only@github.com/', `https://${REDACTED}@github.com/`],
    ['https://api.github.com/repos?page=3', 'https://api.github.com/repos?page=3'],
  ])('%s', (input, expected) => {
    expect(redactUrl(input)).toBe(expected);
  });
});

describe('collectSecrets / redactText', () => {
  it('collects header values, the credential after the scheme, a Basic password and token query values', () => {
    const basic = Buffer.from('user:hunter22').toString('base64');
    const secrets = collectSecrets(
      {
        authorization: 'Bearer ghp_abcdef',
        'x-other': 'public-value',
        'proxy-authorization': `Basic ${basic}`,
      },
      '/x?access_token=tok%2Fen&page=2',
    );
    expect(secrets).toEqual(
      expect.arrayContaining([
        'Bearer ghp_abcdef',
        'ghp_abcdef',
        'hunter22',
        basic,
        'tok%2Fen',
        'tok/en',
      ]),
    );
    expect(secrets).not.toContain('public-value');
    expect(secrets).not.toContain('2');
  });

  it('scrubs secrets, URL passwords and token-like query pairs from free text', () => {
    const text =
      'connect failed for https://u:pw1234@h.example/x?access_token=abc&page=2 with ghp_abcdef; retry ?token=zzz';
    const scrubbed = redactText(text, ['ghp_abcdef']);
    expect(scrubbed).not.toMatch(/pw1234|abc&|ghp_abcdef|zzz/);
    expect(scrubbed).toContain('page=2');
    expect(scrubbed).toContain(`token=${REDACTED}`);
  });

  it('scrubs a URL password with no query, and a query pair with no URL around it', () => {
    expect(redactText('GET https://u:pw1234@h.example/x failed')).not.toContain('pw1234');
    expect(redactText('/projects?private_token=tok987&page=2')).toBe(
      `/projects?private_token=${REDACTED}&page=2`,
    );
    // Neither `://` nor `=`: nothing a pattern could match, returned as it is.
    const path = '/v1/repositories/github/R_kgDOABCDEF/branches';
    expect(redactText(path)).toBe(path);
  });

  it('stays fast on a long hostile input', () => {
    const started = performance.now();
    redactText(`${'a://'.repeat(25_000)}${'?a='.repeat(25_000)}`, ['secret']);
    expect(performance.now() - started).toBeLessThan(1000);
  });
});
