import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { expectGolden, fixturePath, goldenPath, readFixture, serializeGolden } from './index.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'golden-'));
});
afterEach(() => {
  vi.unstubAllEnvs();
  rmSync(dir, { recursive: true, force: true });
});

const golden = (value: unknown): string => {
  const file = join(dir, 'value.golden.json');
  writeFileSync(file, serializeGolden(value));
  return file;
};

describe('expectGolden', () => {
  const value = { id: '1', name: 'api', labels: ['a', 'b'], owner: { login: 'acme' }, body: null };

  it('passes on an equal value, a property set to undefined counting as absent', () => {
    const file = golden(value);
    expectGolden(value, file);
    expectGolden({ ...value, raw: undefined }, pathToFileURL(file));
  });

  it('fails on an extra field, a missing field, a changed value or a reordered list', () => {
    const file = golden(value);
    const { body: _body, ...missing } = value;
    for (const actual of [
      { ...value, extra: 1 },
      missing,
      { ...value, body: '' },
      { ...value, owner: { login: 'acme', id: 7 } },
      { ...value, labels: ['b', 'a'] },
      { ...value, id: 1 },
    ]) {
      expect(() => {
        expectGolden(actual, file);
      }, JSON.stringify(actual)).toThrow(/value\.golden\.json differs/);
    }
  });

  it('reports a missing golden file and how to write it', () => {
    expect(() => {
      expectGolden(value, join(dir, 'none.golden.json'));
    }).toThrow(/No golden file .*none\.golden\.json: run the test with UPDATE_GOLDEN=1/);
  });

  it('writes the golden file with UPDATE_GOLDEN=1, and leaves an unchanged one alone', () => {
    vi.stubEnv('UPDATE_GOLDEN', '1');
    const file = join(dir, 'nested', 'new.golden.json');
    expectGolden({ ...value, raw: undefined }, file);
    expect(readFileSync(file, 'utf8')).toBe(`${JSON.stringify(value, null, 2)}\n`);
    const written = statSync(file).mtimeMs;
    expectGolden(value, file);
    expect(statSync(file).mtimeMs).toBe(written);
    expectGolden({ ...value, id: '2' }, file);
    vi.unstubAllEnvs();
    expectGolden({ ...value, id: '2' }, file);
  });

  it('refuses a value that is not JSON', () => {
    expect(() => {
      expectGolden(undefined, join(dir, 'x.golden.json'));
    }).toThrow(/must be JSON/);
  });
});

describe('fixtures', () => {
  const testFile = pathToFileURL(join(tmpdir(), 'map-repository.test.ts')).href;

  it('locates <name>.json and <name>.golden.json in __fixtures__ next to the test', () => {
    const here = pathToFileURL(join(dir, 'map-repository.test.ts')).href;
    expect(fixturePath(here, 'repository')).toBe(join(dir, '__fixtures__', 'repository.json'));
    expect(goldenPath(here, 'repository')).toBe(
      join(dir, '__fixtures__', 'repository.golden.json'),
    );
    expect(goldenPath(join(dir, 'x.test.ts'), 'api/pull-request')).toBe(
      join(dir, '__fixtures__', 'api', 'pull-request.golden.json'),
    );
  });

  it('reads and parses a payload fixture', () => {
    const here = join(dir, 'map-repository.test.ts');
    mkdirSync(join(dir, '__fixtures__'));
    writeFileSync(join(dir, '__fixtures__', 'repository.json'), '{ "id": 1 }\n');
    expect(readFixture(here, 'repository')).toEqual({ id: 1 });
  });

  it('refuses names that leave __fixtures__ or repeat the extension', () => {
    for (const name of ['', '../secrets', 'a/../../b', '/etc/passwd', 'repository.json', 'a\\b'])
      expect(() => fixturePath(testFile, name), name).toThrow(/fixture name/);
  });
});
