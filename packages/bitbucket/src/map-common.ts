import type { Actor } from '@scm/core';

export const BITBUCKET_PROVIDER_ID = 'bitbucket';

/** What every mapper needs besides the payload. */
export interface MapContext {
  /** Attach the wire payload as `raw`. */
  includeRaw: boolean;
}

/** Mappers build one literal with `provider` first and attach `raw` through this (see core). */
export { withRaw } from '@scm/core';

/** Provider timestamps in the normalized form (core's `toTimestamp`). */
export { toTimestamp as timestamp } from '@scm/core';

/** Empty strings are how Bitbucket says "none" for descriptions. */
export function nonEmpty(value: string | null | undefined): string | null {
  return value === undefined || value === null || value === '' ? null : value;
}

interface WireAccountLike {
  uuid?: string | undefined;
  nickname?: string | undefined;
  username?: string | undefined;
  display_name?: string | undefined;
  links?: { avatar?: { href: string } | undefined } | undefined;
}

/** The login Bitbucket shows: `nickname` (since 2019), else the deprecated `username`. */
export function loginOf(account: WireAccountLike | null | undefined): string | null {
  return account?.nickname ?? account?.username ?? null;
}

export function actorOf(account: WireAccountLike | null | undefined): Actor | null {
  if (account === null || account === undefined) return null;
  return {
    id: account.uuid ?? null,
    login: loginOf(account),
    name: account.display_name ?? null,
    email: null,
    avatarUrl: account.links?.avatar?.href ?? null,
  };
}

/**
 * `Name <email>` as git records it (Bitbucket's `author.raw`). Parsed without a regex: the input
 * is whatever a committer typed.
 */
export function parseRawAuthor(raw: string): { name: string | null; email: string | null } {
  const open = raw.lastIndexOf('<');
  const trimmed = raw.trimEnd();
  if (open === -1 || !trimmed.endsWith('>')) return { name: nonEmpty(raw.trim()), email: null };
  return {
    name: nonEmpty(raw.slice(0, open).trim()),
    email: nonEmpty(trimmed.slice(open + 1, -1).trim()),
  };
}
