import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config.js';
import { PROVIDER_CATALOGUE, PROVIDER_IDS, providerName } from './catalogue.js';

const SRC = fileURLToPath(new URL('..', import.meta.url));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory())
      return ['generated', '__fixtures__', 'test-support', 'demo'].includes(name)
        ? []
        : sourceFiles(path);
    return name.endsWith('.ts') && !name.includes('.test.') ? [path] : [];
  });
}

describe('the provider catalogue', () => {
  it('lists each provider once, with its host, configuration prefix and operation table', () => {
    expect(new Set(PROVIDER_IDS).size).toBe(PROVIDER_CATALOGUE.length);
    for (const entry of PROVIDER_CATALOGUE) {
      // The id, upper-cased, and maybe the product's longer name (`azure` → `AZURE_DEVOPS`).
      expect(entry.envPrefix).toMatch(new RegExp(`^${entry.id.toUpperCase()}(?:_[A-Z]+)*$`));
      expect(new URL(entry.defaultHost.apiBaseUrl).protocol).toBe('https:');
      expect(Object.keys(entry.capabilities).length).toBeGreaterThan(10);
      expect(providerName(entry.id)).toBe(entry.displayName);
    }
  });

  it('drives the configuration: one default host per provider, overridable by its prefix', () => {
    const config = loadConfig({
      GITLAB_API_URL: 'https://gitlab.example.com',
      GITHUB_CLIENT_ID: 'id',
      GITHUB_CLIENT_SECRET: 'secret',
    });
    expect(config.providerHosts.map((host) => host.provider)).toEqual(PROVIDER_IDS);
    const gitlab = config.providerHosts.find((host) => host.provider === PROVIDER_IDS[1]);
    expect([gitlab?.host, gitlab?.webBaseUrl]).toEqual([
      'gitlab.example.com',
      'https://gitlab.example.com',
    ]);
    expect(config.providerHosts[0]?.clientId).toBe('id');
  });

  it('is the only place in the service that names a provider', () => {
    const literal = new RegExp(`['"\`](?:${PROVIDER_IDS.join('|')})['"\`]`);
    const offenders = sourceFiles(SRC)
      .filter((path) => !path.endsWith(join('providers', 'catalogue.ts')))
      .filter((path) => literal.test(readFileSync(path, 'utf8')))
      .map((path) => relative(SRC, path));
    expect(offenders).toEqual([]);
  });
});
