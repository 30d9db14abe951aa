import { randomBytes } from 'node:crypto';

/** A personal access token the simulated instance knows, as `GET /personal_access_tokens/self` shows it. */
export interface PersonalAccessTokenRecord {
  id: number;
  name: string;
  description: string | null;
  scopes: string[];
  userId: number;
  /** The username the token acts as. */
  login: string;
  /** ISO 8601 with milliseconds, as GitLab writes it. */
  createdAt: string;
  /** `YYYY-MM-DD`: the token stops working at the start of that day (UTC); null never. */
  expiresAt: string | null;
  revoked: boolean;
  lastUsedAt: string | null;
}

export interface IssuePersonalAccessTokenOptions {
  /** GitLab's scopes: `api`, `read_api`, `read_user`, `read_repository`, `write_repository`… */
  scopes: readonly string[];
  /** The user it acts as (a dataset username). Default: the dataset's viewer. */
  login?: string;
  /** The expiry date (`YYYY-MM-DD`, or a Date: its UTC day). Default: never. */
  expiresAt?: string | Date;
  name?: string;
  description?: string;
}

/** The personal access tokens of the instance, by token string. */
export interface PersonalAccessTokenStore {
  issue(
    options: IssuePersonalAccessTokenOptions & { login: string; userId: number },
    token?: string,
  ): string;
  get(token: string): PersonalAccessTokenRecord | undefined;
  /** False when the token is unknown. */
  revoke(token: string): boolean;
  /** Whether the token is past its expiry date. */
  expired(record: PersonalAccessTokenRecord): boolean;
  render(record: PersonalAccessTokenRecord): Record<string, unknown>;
  /** Records a use (`last_used_at`). */
  touch(record: PersonalAccessTokenRecord): void;
}

function dateOnly(value: string | Date): string {
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) throw new Error('expiresAt must be YYYY-MM-DD');
  return value;
}

export function createPersonalAccessTokenStore(now: () => number): PersonalAccessTokenStore {
  const tokens = new Map<string, PersonalAccessTokenRecord>();
  let nextId = 9000;
  const store: PersonalAccessTokenStore = {
    issue(options, token = `glpat-${randomBytes(15).toString('base64url')}`) {
      nextId += 1;
      tokens.set(token, {
        id: nextId,
        name: options.name ?? `token-${nextId}`,
        description: options.description ?? null,
        scopes: [...options.scopes],
        userId: options.userId,
        login: options.login,
        createdAt: new Date(now()).toISOString(),
        expiresAt: options.expiresAt === undefined ? null : dateOnly(options.expiresAt),
        revoked: false,
        lastUsedAt: null,
      });
      return token;
    },
    get: (token) => tokens.get(token),
    revoke(token) {
      const record = tokens.get(token);
      if (record === undefined) return false;
      record.revoked = true;
      return true;
    },
    expired: (record) =>
      record.expiresAt !== null && Date.parse(`${record.expiresAt}T00:00:00Z`) <= now(),
    render: (record) => ({
      id: record.id,
      name: record.name,
      revoked: record.revoked,
      created_at: record.createdAt,
      description: record.description,
      scopes: record.scopes,
      user_id: record.userId,
      last_used_at: record.lastUsedAt,
      active: !record.revoked && !store.expired(record),
      expires_at: record.expiresAt,
      last_used_ips: record.lastUsedAt === null ? [] : ['127.0.0.1'],
    }),
    touch(record) {
      record.lastUsedAt = new Date(now()).toISOString();
    },
  };
  return store;
}
