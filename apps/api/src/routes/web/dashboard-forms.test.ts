import { describe, expect, it } from 'vitest';
import { parseCreateForm, parseUpdateForm, readAppForm } from './dashboard-forms.js';

describe('dashboard app form', () => {
  it('reads the posted fields as typed, checkboxes as a list', () => {
    expect(
      readAppForm({
        name: ['First', 'Second'],
        allowedRedirectUris: 'https://a.example.com/cb\r\n',
        defaultPermissions: 'read:commits',
        csrf: 'x',
      }),
    ).toEqual({
      name: 'First',
      description: '',
      redirectUris: 'https://a.example.com/cb\r\n',
      permissions: ['read:commits'],
    });
  });

  it('takes one redirect URI per non-blank line, trimmed', () => {
    const parsed = parseCreateForm({
      name: ' App ',
      description: '',
      redirectUris: ' https://a.example.com/cb \r\n\r\nhttp://localhost:3000/cb\n',
      permissions: ['read:repositories', 'read:profile'],
    });
    expect(parsed).toEqual({
      ok: true,
      data: {
        name: 'App',
        description: '',
        allowedRedirectUris: ['https://a.example.com/cb', 'http://localhost:3000/cb'],
        defaultPermissions: ['read:profile', 'read:repositories'],
      },
    });
  });

  it('names the line of a wrong redirect URI and why, counting blank lines', () => {
    const parsed = parseUpdateForm({
      name: 'App',
      description: '',
      redirectUris: `https://ok.example.com/cb\n\nhttps://user:pw@x.example.com/cb\nhttps://x.example.com/cb#frag\n${'https://long.example.com/'.padEnd(2100, 'a')}`,
      permissions: ['read:nothing'],
    });
    expect(parsed.ok).toBe(false);
    expect(parsed.ok ? [] : parsed.messages).toEqual([
      'Redirect URIs, line 3: https://user:pw@x.example.com/cb must not contain credentials.',
      'Redirect URIs, line 4: https://x.example.com/cb#frag must not contain a fragment.',
      'Redirect URIs, line 5: is longer than 2048 characters.',
      'Default permissions: read:nothing is not a known scope.',
    ]);
  });

  it('says what is missing in the form’s words', () => {
    const parsed = parseCreateForm({
      name: '  ',
      description: '',
      redirectUris: '\n',
      permissions: [],
    });
    expect(parsed.ok ? [] : parsed.messages).toEqual([
      'Name: required.',
      'Redirect URIs: enter at least one, one per line.',
      'Default permissions: tick at least one.',
    ]);
  });
});
