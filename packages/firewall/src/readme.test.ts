import { describe, expect, it } from 'vitest';
import { createFirewall } from './index.js';

describe('the README example', () => {
  it('does what the README says', () => {
    const firewall = createFirewall({ hashKey: 'readme-example-key-0123' });
    const { file, report } = firewall.applyToFile({
      path: 'config/app.yml',
      content: 'database:\n  user: app\n  password: hunter2\n',
    });
    expect(file.content).toMatch(
      /^database:\n {2}user: app\n {2}password: \[hashed:sha256:[0-9a-f]{12}\]\n$/,
    );
    expect(report.byRule['secret-assignment']).toBe(1);
    expect(firewall.applyToFile({ path: 'deploy/.env', content: 'A=1\n' }).file).toEqual({
      path: 'deploy/.env',
      content: null,
      blocked: true,
    });
  });
});
