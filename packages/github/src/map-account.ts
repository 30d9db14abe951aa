import type { Organization, SshKey, Viewer } from '@scm/core';
import type { WireKey, WireOrganization, WireUser } from './github-schemas.js';
import { base, timestamp, type MapContext } from './map-common.js';

export function mapViewer(wire: WireUser, context: MapContext): Viewer {
  return {
    ...base(wire, context),
    id: String(wire.id),
    login: wire.login,
    name: wire.name ?? null,
    email: wire.email ?? null,
    avatarUrl: wire.avatar_url ?? null,
    webUrl: wire.html_url ?? null,
  };
}

/**
 * `GET /user/orgs` returns "organization simple" objects: no display name and no web URL, so the
 * web URL is derived from the web root (`https://github.com/<login>`, or the GHES host).
 */
export function mapOrganization(
  wire: WireOrganization,
  context: MapContext & { webUrl: string },
): Organization {
  return {
    ...base(wire, context),
    id: String(wire.id),
    login: wire.login,
    name: wire.name ?? null,
    description: wire.description === '' ? null : (wire.description ?? null),
    avatarUrl: wire.avatar_url ?? null,
    webUrl: wire.html_url ?? `${context.webUrl}/${wire.login}`,
  };
}

/** GitHub returns the key without its comment and no fingerprint. */
export function mapSshKey(wire: WireKey, context: MapContext): SshKey {
  return {
    ...base(wire, context),
    id: String(wire.id),
    title: wire.title ?? null,
    key: wire.key,
    fingerprint: null,
    createdAt: timestamp(wire.created_at),
  };
}
