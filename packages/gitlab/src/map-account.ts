import type { Organization, SshKey, Viewer } from '@scm/core';
import type { WireGroup, WireSshKey, WireUser } from './gitlab-schemas.js';
import { base, text, timestamp, type MapContext } from './map-common.js';

export function mapViewer(wire: WireUser, context: MapContext): Viewer {
  return {
    ...base(wire, context),
    id: String(wire.id),
    login: wire.username,
    name: text(wire.name),
    email: text(wire.email) ?? text(wire.public_email),
    avatarUrl: text(wire.avatar_url),
    webUrl: text(wire.web_url),
  };
}

/** Groups (subgroups included) are organizations; their login is the full path (`acme/platform`). */
export function mapOrganization(wire: WireGroup, context: MapContext): Organization {
  return {
    ...base(wire, context),
    id: String(wire.id),
    login: wire.full_path,
    name: text(wire.name),
    description: text(wire.description),
    avatarUrl: text(wire.avatar_url),
    webUrl: text(wire.web_url),
  };
}

export function mapSshKey(wire: WireSshKey, context: MapContext): SshKey {
  return {
    ...base(wire, context),
    id: String(wire.id),
    title: text(wire.title),
    key: wire.key,
    // `GET /user/keys` has no fingerprint on most GitLab versions; it is not derived here.
    fingerprint: text(wire.fingerprint),
    createdAt: timestamp(wire.created_at),
  };
}
