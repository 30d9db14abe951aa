import { describe, expect, it } from 'vitest';
import { fingerprintsOf } from './fingerprint.js';

// A key made with `ssh-keygen -t ed25519 -C 'dev key'`; the expected values are what
// `ssh-keygen -E md5 -lf` and `ssh-keygen -lf` printed for it.
const KEY =
  'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIMpzkW69p7lMtcbW6nttx66lI4byHfQA4a1HhLiLHIRH dev key';

describe('SSH key fingerprints', () => {
  it('are the MD5 colon form and SHA256: form ssh-keygen prints', () => {
    expect(fingerprintsOf(`  ${KEY}\n`)).toEqual({
      content: KEY,
      md5: '03:72:9b:3f:fb:d2:a1:e9:88:40:d0:04:72:36:5a:34',
      sha256: 'SHA256:A8vj+7uvdQVLcDDaZixsKKnJeD3XpjRL9xj4XmMd3ek',
    });
    // The comment is not part of the key.
    expect(fingerprintsOf(KEY.replace(' dev key', ''))?.md5).toBe(fingerprintsOf(KEY)?.md5);
  });

  it('refuses what is not an OpenSSH public key', () => {
    for (const line of [
      '',
      'ssh-ed25519',
      'ssh-ed25519 not*base64',
      // The blob says ed25519; the line says rsa.
      KEY.replace('ssh-ed25519', 'ssh-rsa'),
      'ssh-rsa AAAA',
    ])
      expect(fingerprintsOf(line)).toBeNull();
  });
});
