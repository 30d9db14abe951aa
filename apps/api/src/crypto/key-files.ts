import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface LoadedKey<T> {
  value: T;
  /** Where a generated key was written, or null when it came from the environment. */
  generatedAt: string | null;
  /** True when the file was created by this call. */
  created: boolean;
}

/**
 * The master encryption key: `SGG_ENCRYPTION_KEY` (32 bytes as base64 or hex), or else a key
 * generated once into the data directory (mode 0600) so a first start needs no configuration.
 */
export function loadMasterKey(fromEnv: string | undefined, dataDir: string): LoadedKey<Buffer> {
  if (fromEnv !== undefined && fromEnv !== '') {
    const key = /^[0-9a-fA-F]{64}$/.test(fromEnv)
      ? Buffer.from(fromEnv, 'hex')
      : Buffer.from(fromEnv, 'base64');
    if (key.length !== 32) throw new Error('SGG_ENCRYPTION_KEY must be 32 bytes, base64 or hex');
    return { value: key, generatedAt: null, created: false };
  }
  const { value, path, created } = readOrCreate(dataDir, 'encryption.key', () =>
    randomBytes(32).toString('base64'),
  );
  return { value: Buffer.from(value, 'base64'), generatedAt: path, created };
}

/** The platform admin key: `SGG_ADMIN_API_KEY`, or one generated into the data directory. */
export function loadAdminKey(fromEnv: string | undefined, dataDir: string): LoadedKey<string> {
  if (fromEnv !== undefined && fromEnv !== '')
    return { value: fromEnv, generatedAt: null, created: false };
  const { value, path, created } = readOrCreate(
    dataDir,
    'admin-api-key',
    () => `sggadm_${randomBytes(32).toString('base64url')}`,
  );
  return { value, generatedAt: path, created };
}

/**
 * The data directory (keys, the SQLite file): created readable by its owner only (0700). An
 * existing directory is left as it is: its mode is the operator's choice.
 */
export function ensureDataDir(dataDir: string): void {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
}

function readOrCreate(
  dataDir: string,
  name: string,
  make: () => string,
): { value: string; path: string; created: boolean } {
  const path = join(dataDir, name);
  if (existsSync(path)) return { value: readFileSync(path, 'utf8').trim(), path, created: false };
  ensureDataDir(dataDir);
  const value = make();
  // `wx`: two processes starting at once on one data directory must not overwrite each other.
  try {
    writeFileSync(path, `${value}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return { value: readFileSync(path, 'utf8').trim(), path, created: false };
  }
  return { value, path, created: true };
}
